package io.lumina.bench.e2e;

import java.util.Arrays;

/**
 * Percentiles of recorded durations (exact: every sample is kept, a phase holds at most a few
 * 100k).
 */
public final class Stats {
  private Stats() {}

  /**
   * The {@code p}-th percentile (nearest rank) of {@code nanos}, in milliseconds; NaN when empty.
   */
  public static double percentileMillis(long[] nanos, double p) {
    if (nanos.length == 0) {
      return Double.NaN;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  /** Each of {@code nanos} in milliseconds, to a hundredth, in the same order. */
  public static double[] millis(long[] nanos) {
    // rounded to whole 10-microsecond steps, then scaled: 1,234,567 ns -> 1.23 ms
    return Arrays.stream(nanos).mapToDouble(n -> Math.round(n / 10_000.0) / 100.0).toArray();
  }

  public static double maxMillis(long[] nanos) {
    return nanos.length == 0 ? Double.NaN : Arrays.stream(nanos).max().getAsLong() / 1e6;
  }
}
