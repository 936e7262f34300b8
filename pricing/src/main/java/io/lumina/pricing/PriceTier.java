package io.lumina.pricing;

import java.util.Objects;

/**
 * Rates that apply to the whole request once its prompt (input including cached tokens) is larger
 * than {@code inputTokensAbove}, as Anthropic's long-context and Google's over-200K prices do.
 */
public record PriceTier(long inputTokensAbove, TokenRates rates) {
  public PriceTier {
    if (inputTokensAbove <= 0) {
      throw new IllegalArgumentException(
          "a tier starts above a positive token count: " + inputTokensAbove);
    }
    Objects.requireNonNull(rates, "rates");
  }
}
