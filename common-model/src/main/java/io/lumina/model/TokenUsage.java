package io.lumina.model;

/**
 * Token counts of one LLM call. A null count means "not reported", which is different from zero.
 * {@code input} includes cached input tokens (as every provider reports them); {@code cacheRead}
 * and {@code cacheWrite} say how many of those were served from or written to the prompt cache.
 * {@code reasoning} is the part of {@code output} spent on reasoning.
 */
public record TokenUsage(
    Long input, Long output, Long total, Long cacheRead, Long cacheWrite, Long reasoning) {

  public static final TokenUsage NONE = new TokenUsage(null, null, null, null, null, null);

  public TokenUsage {
    requireNonNegative(input, "input");
    requireNonNegative(output, "output");
    requireNonNegative(total, "total");
    requireNonNegative(cacheRead, "cacheRead");
    requireNonNegative(cacheWrite, "cacheWrite");
    requireNonNegative(reasoning, "reasoning");
  }

  public boolean isEmpty() {
    return input == null
        && output == null
        && total == null
        && cacheRead == null
        && cacheWrite == null
        && reasoning == null;
  }

  /** The total as reported, or input plus output when the span did not report one. */
  public Long totalOrSum() {
    if (total != null) {
      return total;
    }
    if (input == null && output == null) {
      return null;
    }
    return (input == null ? 0 : input) + (output == null ? 0 : output);
  }

  private static void requireNonNegative(Long value, String name) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(name + " tokens must not be negative: " + value);
    }
  }
}
