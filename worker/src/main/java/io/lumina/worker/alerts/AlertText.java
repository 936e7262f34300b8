package io.lumina.worker.alerts;

import java.time.Duration;
import java.util.Locale;

/**
 * The seed's alert wording: "Baseline: $0.50/hour", "Current: $2.30/hour (+360%)", "Threshold:
 * +200%".
 */
final class AlertText {
  private AlertText() {}

  static String summary(
      AlertRule rule, String endpoint, double baseline, double current, Double changePct) {
    StringBuilder sb = new StringBuilder();
    sb.append("Service: ").append(rule.serviceName()).append('\n');
    if (endpoint != null) {
      sb.append("Endpoint: ").append(endpoint).append('\n');
    }
    sb.append("Baseline: ").append(value(rule.kind(), baseline)).append('\n');
    sb.append("Current: ").append(value(rule.kind(), current));
    if (changePct != null) {
      sb.append(" (").append(signed(changePct)).append("%)");
    }
    sb.append('\n');
    sb.append("Threshold: ").append(threshold(rule.kind(), rule.threshold())).append('\n');
    sb.append("Window: ").append(window(rule.window()));
    return sb.toString();
  }

  static String value(RuleKind kind, double v) {
    return switch (kind) {
      case COST_SPIKE -> "$" + String.format(Locale.ROOT, v >= 1 ? "%.2f" : "%.4f", v) + "/hour";
      case QUALITY_DROP -> String.format(Locale.ROOT, "%.2f similarity", v);
      case LATENCY_P95 -> String.format(Locale.ROOT, "%.0f ms p95", v);
      case ERROR_RATE -> String.format(Locale.ROOT, "%.1f%% errors", v * 100);
    };
  }

  static String threshold(RuleKind kind, double threshold) {
    return switch (kind) {
      case QUALITY_DROP -> "-" + String.format(Locale.ROOT, "%.0f", threshold * 100) + "%";
      case ERROR_RATE -> "+" + String.format(Locale.ROOT, "%.1f", threshold * 100) + " points";
      default -> "+" + String.format(Locale.ROOT, "%.0f", threshold * 100) + "%";
    };
  }

  static String window(Duration window) {
    long s = window.toSeconds();
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  private static String signed(double pct) {
    return (pct >= 0 ? "+" : "") + String.format(Locale.ROOT, "%.0f", pct);
  }
}
