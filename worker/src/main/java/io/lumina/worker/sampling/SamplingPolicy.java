package io.lumina.worker.sampling;

import java.util.Objects;

/**
 * How one service's spans are sampled: a fraction of traces ({@code samplingRate}, 0 to 1, decided
 * per trace id) plus the spans always kept.
 */
public record SamplingPolicy(double samplingRate, AlwaysSampleConditions alwaysSample) {

  /** Keep everything: the default when nothing is configured. */
  public static final SamplingPolicy KEEP_ALL =
      new SamplingPolicy(1.0, AlwaysSampleConditions.NONE);

  public SamplingPolicy {
    if (!(samplingRate >= 0.0 && samplingRate <= 1.0)) {
      throw new IllegalArgumentException("samplingRate must be between 0 and 1: " + samplingRate);
    }
    Objects.requireNonNull(alwaysSample, "alwaysSample");
  }
}
