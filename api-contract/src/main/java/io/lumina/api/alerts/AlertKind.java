package io.lumina.api.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;

/**
 * What an alert rule watches: the one list of alert kinds. The API, the worker's evaluator, the
 * stores and the dashboard all take the kinds from here; adding one means a constant here and its
 * measure and wording in the evaluator (docs/architecture.md lists the files).
 *
 * <p>Each kind says how its threshold reads (docs/alerts.md): relative change above the baseline
 * (2.0 = +200%), relative change below it (0.2 = -20%), or absolute points above it (0.05 = five
 * percentage points, for rates whose baseline is often near zero, where a relative change means
 * nothing).
 */
public enum AlertKind {
  COST_SPIKE(
      "cost_spike",
      "Cost Spike Detected",
      "cost per hour",
      Change.RELATIVE_INCREASE,
      Severity.WARNING,
      true,
      v -> "$" + String.format(Locale.ROOT, v >= 1 ? "%.2f" : "%.4f", v) + "/hour"),
  QUALITY_DROP(
      "quality_drop",
      "Quality Drop Detected",
      "mean similarity",
      Change.RELATIVE_DECREASE,
      Severity.WARNING,
      false,
      v -> String.format(Locale.ROOT, "%.2f similarity", v)),
  LATENCY_P95(
      "latency_p95",
      "Latency Increase Detected",
      "p95 latency",
      Change.RELATIVE_INCREASE,
      Severity.ERROR,
      false,
      v -> String.format(Locale.ROOT, "%.0f ms p95", v)),
  ERROR_RATE(
      "error_rate",
      "Error Rate Increase Detected",
      "error rate",
      Change.ABSOLUTE_INCREASE,
      Severity.ERROR,
      false,
      v -> String.format(Locale.ROOT, "%.1f%% errors", v * 100));

  /** How a threshold compares the current value with the baseline. */
  public enum Change {
    RELATIVE_INCREASE,
    RELATIVE_DECREASE,
    ABSOLUTE_INCREASE
  }

  /**
   * How urgent its alerts are where a channel asks (PagerDuty): money and quality drift is a
   * warning, a slower or failing service an error.
   */
  public enum Severity {
    WARNING,
    ERROR;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String wire;
  private final String title;
  private final String measure;
  private final Change change;
  private final Severity severity;
  private final boolean totalPerHour;
  private final DoubleFunction<String> valueText;

  AlertKind(
      String wire,
      String title,
      String measure,
      Change change,
      Severity severity,
      boolean totalPerHour,
      DoubleFunction<String> valueText) {
    this.wire = wire;
    this.title = title;
    this.measure = measure;
    this.change = change;
    this.severity = severity;
    this.totalPerHour = totalPerHour;
    this.valueText = valueText;
  }

  /** The name in JSON, in the database and in metrics tags: {@code cost_spike}. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** The title of the alerts it raises: "Cost Spike Detected". */
  public String title() {
    return title;
  }

  public Change change() {
    return change;
  }

  public Severity severity() {
    return severity;
  }

  /**
   * Whether the measure is a total over the window, compared per hour (cost): then few samples are
   * a real low value rather than missing data, and the baseline is the total per hour the service
   * was seen. Otherwise it is a mean, percentile or rate, compared as measured.
   */
  public boolean totalPerHour() {
    return totalPerHour;
  }

  /** A measured value in its unit, as alert summaries print it: "$2.30/hour", "0.65 similarity". */
  public String valueText(double value) {
    return valueText.apply(value);
  }

  /** Whether {@code current} breaches {@code baseline} by more than {@code threshold}. */
  public boolean breached(double baseline, double current, double threshold) {
    return switch (change) {
      case RELATIVE_INCREASE -> (current - baseline) / baseline > threshold;
      case RELATIVE_DECREASE -> (baseline - current) / baseline > threshold;
      case ABSOLUTE_INCREASE -> current - baseline > threshold;
    };
  }

  /** Relative change in percent, or null when the baseline is zero. */
  public Double changePct(double baseline, double current) {
    return baseline == 0 ? null : (current - baseline) / baseline * 100;
  }

  /** What a threshold means, in words: "cost per hour +200% over baseline". */
  public String thresholdReads(double threshold) {
    long pct = Math.round(threshold * 100);
    return measure
        + switch (change) {
          case RELATIVE_INCREASE -> " +" + pct + "% over baseline";
          case RELATIVE_DECREASE -> " −" + pct + "% under baseline";
          case ABSOLUTE_INCREASE -> " +" + pct + " points over baseline";
        };
  }

  /** The kind of this wire name; empty for any other text. */
  public static Optional<AlertKind> fromWire(String wire) {
    return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
  }

  /** Reads the wire name; throws on an unknown one. */
  @JsonCreator
  public static AlertKind of(String wire) {
    return fromWire(wire)
        .orElseThrow(() -> new IllegalArgumentException("unknown alert kind " + wire));
  }

  /** "cost_spike, quality_drop, latency_p95, error_rate": for messages that list the choices. */
  public static String wireNames() {
    return Arrays.stream(values()).map(AlertKind::wire).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wire;
  }
}
