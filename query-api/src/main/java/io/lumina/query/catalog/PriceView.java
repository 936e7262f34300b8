package io.lumina.query.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lumina.pricing.ModelPrice;
import io.lumina.pricing.PriceTier;
import io.lumina.pricing.TokenRates;
import java.math.BigDecimal;
import java.util.List;

/** A price as the API shows it: USD per 1M tokens of each kind, and tiers by prompt size. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record PriceView(
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    BigDecimal reasoning,
    List<Tier> tiers) {

  record Tier(
      long inputAbove,
      BigDecimal input,
      BigDecimal output,
      BigDecimal cacheRead,
      BigDecimal cacheWrite,
      BigDecimal reasoning) {}

  static PriceView of(ModelPrice price) {
    TokenRates r = price.base();
    return new PriceView(
        r.input(),
        r.output(),
        r.cacheRead(),
        r.cacheWrite(),
        r.reasoning(),
        price.tiers().stream().map(PriceView::tier).toList());
  }

  private static Tier tier(PriceTier t) {
    TokenRates r = t.rates();
    return new Tier(
        t.inputTokensAbove(), r.input(), r.output(), r.cacheRead(), r.cacheWrite(), r.reasoning());
  }
}
