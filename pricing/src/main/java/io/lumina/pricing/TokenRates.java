package io.lumina.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Prices in USD per 1M tokens of each kind. A kind the provider does not price separately takes the
 * price it falls back to at the provider: cache read and cache write fall back to input (no
 * discount, no surcharge), reasoning falls back to output (reasoning tokens are output tokens).
 */
public record TokenRates(
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    BigDecimal reasoning) {

  /** No model costs anywhere near $1000 per 1M tokens: a higher figure is a unit mistake. */
  public static final BigDecimal CEILING_PER_MILLION = new BigDecimal("1000");

  public TokenRates {
    Objects.requireNonNull(input, "input price");
    Objects.requireNonNull(output, "output price");
    cacheRead = cacheRead != null ? cacheRead : input;
    cacheWrite = cacheWrite != null ? cacheWrite : input;
    reasoning = reasoning != null ? reasoning : output;
    check("input", input);
    check("output", output);
    check("cacheRead", cacheRead);
    check("cacheWrite", cacheWrite);
    check("reasoning", reasoning);
    if (cacheRead.compareTo(input) > 0) {
      // a cache hit never costs more than a miss at any provider: the numbers are swapped or wrong
      throw new IllegalArgumentException(
          "cacheRead price " + cacheRead + " is above the input price " + input);
    }
  }

  /** Rates from per-1M figures; null cache/reasoning prices take their fallbacks. */
  public static TokenRates perMillion(
      BigDecimal input,
      BigDecimal output,
      BigDecimal cacheRead,
      BigDecimal cacheWrite,
      BigDecimal reasoning) {
    return new TokenRates(input, output, cacheRead, cacheWrite, reasoning);
  }

  /** Rates with no separate cache or reasoning prices. */
  public static TokenRates perMillion(String input, String output) {
    return new TokenRates(new BigDecimal(input), new BigDecimal(output), null, null, null);
  }

  private static void check(String name, BigDecimal price) {
    if (price.signum() < 0) {
      throw new IllegalArgumentException(name + " price must not be negative: " + price);
    }
    if (price.compareTo(CEILING_PER_MILLION) > 0) {
      throw new IllegalArgumentException(
          name
              + " price "
              + price
              + " per 1M tokens is above the sane ceiling "
              + CEILING_PER_MILLION);
    }
  }
}
