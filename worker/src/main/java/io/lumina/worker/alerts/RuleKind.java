package io.lumina.worker.alerts;

/**
 * What a rule watches, and how its threshold reads (docs/alerts.md):
 *
 * <ul>
 *   <li>{@code cost_spike}: cost per hour in the window above the baseline's by more than threshold
 *       (relative: 2.0 = +200%);
 *   <li>{@code quality_drop}: mean similarity below the baseline's by more than threshold
 *       (relative: 0.2 = -20%);
 *   <li>{@code latency_p95}: p95 latency of LLM spans above the baseline's by more than threshold
 *       (relative: 0.5 = +50%);
 *   <li>{@code error_rate}: share of error spans above the baseline's by more than threshold in
 *       absolute points (0.05 = five percentage points), because a relative change of a near-zero
 *       baseline means nothing.
 * </ul>
 */
enum RuleKind {
  COST_SPIKE("cost_spike", "Cost Spike Detected"),
  QUALITY_DROP("quality_drop", "Quality Drop Detected"),
  LATENCY_P95("latency_p95", "Latency Increase Detected"),
  ERROR_RATE("error_rate", "Error Rate Increase Detected");

  final String wire;
  final String title;

  RuleKind(String wire, String title) {
    this.wire = wire;
    this.title = title;
  }

  static RuleKind of(String wire) {
    for (RuleKind k : values()) {
      if (k.wire.equals(wire)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown rule kind " + wire);
  }

  /** Whether {@code current} breaches {@code baseline} by more than {@code threshold}. */
  boolean breached(double baseline, double current, double threshold) {
    return switch (this) {
      case COST_SPIKE, LATENCY_P95 -> (current - baseline) / baseline > threshold;
      case QUALITY_DROP -> (baseline - current) / baseline > threshold;
      case ERROR_RATE -> current - baseline > threshold;
    };
  }

  /** Relative change in percent, or null when the baseline is zero. */
  Double changePct(double baseline, double current) {
    return baseline == 0 ? null : (current - baseline) / baseline * 100;
  }
}
