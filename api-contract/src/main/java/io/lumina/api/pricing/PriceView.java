package io.lumina.api.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/** A price as the API shows it: USD per 1M tokens of each kind, and tiers by prompt size. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PriceView(
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    BigDecimal reasoning,
    List<Tier> tiers) {

  /** The prices that apply once the prompt has more than {@code inputAbove} tokens. */
  public record Tier(
      long inputAbove,
      BigDecimal input,
      BigDecimal output,
      BigDecimal cacheRead,
      BigDecimal cacheWrite,
      BigDecimal reasoning) {}
}
