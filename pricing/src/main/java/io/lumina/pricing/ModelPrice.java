package io.lumina.pricing;

import java.util.List;
import java.util.Objects;

/** The price of one model: base rates, and optional tiers by prompt size (ascending thresholds). */
public record ModelPrice(TokenRates base, List<PriceTier> tiers) {

  public ModelPrice {
    Objects.requireNonNull(base, "base rates");
    tiers = tiers == null ? List.of() : List.copyOf(tiers);
    for (int i = 1; i < tiers.size(); i++) {
      if (tiers.get(i).inputTokensAbove() <= tiers.get(i - 1).inputTokensAbove()) {
        throw new IllegalArgumentException(
            "tiers must have strictly ascending thresholds: " + tiers);
      }
    }
  }

  public static ModelPrice of(TokenRates base) {
    return new ModelPrice(base, List.of());
  }

  /** The rates for a request whose prompt has {@code promptTokens} tokens (cached included). */
  public TokenRates ratesFor(long promptTokens) {
    TokenRates rates = base;
    for (PriceTier tier : tiers) {
      if (promptTokens > tier.inputTokensAbove()) {
        rates = tier.rates();
      }
    }
    return rates;
  }
}
