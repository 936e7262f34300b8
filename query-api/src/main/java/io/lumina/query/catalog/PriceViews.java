package io.lumina.query.catalog;

import io.lumina.api.pricing.PriceView;
import io.lumina.pricing.ModelPrice;
import io.lumina.pricing.PriceTier;
import io.lumina.pricing.TokenRates;

/** A price of the pricing module as the API shows it. */
final class PriceViews {
  private PriceViews() {}

  static PriceView of(ModelPrice price) {
    TokenRates r = price.base();
    return new PriceView(
        r.input(),
        r.output(),
        r.cacheRead(),
        r.cacheWrite(),
        r.reasoning(),
        price.tiers().stream().map(PriceViews::tier).toList());
  }

  private static PriceView.Tier tier(PriceTier t) {
    TokenRates r = t.rates();
    return new PriceView.Tier(
        t.inputTokensAbove(), r.input(), r.output(), r.cacheRead(), r.cacheWrite(), r.reasoning());
  }
}
