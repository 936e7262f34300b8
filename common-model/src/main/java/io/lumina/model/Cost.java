package io.lumina.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The cost of one span in USD with how it was priced. {@code usd} is null exactly when the span is
 * an unpriced LLM call or not an LLM call at all; {@code unpricedReason} says why, and is set
 * exactly when the span is unpriced.
 */
public record Cost(
    BigDecimal usd, PricingSource source, String catalogVersion, UnpricedReason unpricedReason) {

  public static final Cost NOT_AN_LLM_CALL = new Cost(null, PricingSource.NONE, null);

  public Cost {
    Objects.requireNonNull(source, "source");
    if ((usd == null) != (source == PricingSource.UNPRICED || source == PricingSource.NONE)) {
      throw new IllegalArgumentException("cost " + usd + " does not fit pricing source " + source);
    }
    if ((unpricedReason == null) == (source == PricingSource.UNPRICED)) {
      throw new IllegalArgumentException(
          "unpriced reason " + unpricedReason + " does not fit pricing source " + source);
    }
    if (usd != null && usd.signum() < 0) {
      throw new IllegalArgumentException("cost must not be negative: " + usd);
    }
  }

  /** A priced cost ({@code usd} set), or {@link #NOT_AN_LLM_CALL}'s shape. */
  public Cost(BigDecimal usd, PricingSource source, String catalogVersion) {
    this(usd, source, catalogVersion, null);
  }

  public static Cost unpriced(UnpricedReason reason) {
    return new Cost(null, PricingSource.UNPRICED, null, Objects.requireNonNull(reason, "reason"));
  }

  public boolean isUnpriced() {
    return source == PricingSource.UNPRICED;
  }
}
