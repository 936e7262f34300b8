package io.lumina.worker.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.AlertWindow;
import io.lumina.storage.alerts.ActiveRule;
import java.util.Locale;

/**
 * An alert's text, one fact a line: "Baseline: $0.50/hour", "Current: $2.30/hour (+360%)",
 * "Threshold: +200%" (docs/alerts.md).
 */
final class AlertText {
  private AlertText() {}

  static String summary(
      ActiveRule rule, String endpoint, double baseline, double current, Double changePct) {
    StringBuilder sb = new StringBuilder();
    sb.append("Service: ").append(rule.serviceName()).append('\n');
    if (endpoint != null) {
      sb.append("Endpoint: ").append(endpoint).append('\n');
    }
    sb.append("Baseline: ").append(rule.kind().valueText(baseline)).append('\n');
    sb.append("Current: ").append(rule.kind().valueText(current));
    if (changePct != null) {
      sb.append(" (").append(signed(changePct)).append("%)");
    }
    sb.append('\n');
    sb.append("Threshold: ").append(threshold(rule.kind(), rule.threshold())).append('\n');
    sb.append("Window: ").append(AlertWindow.format(rule.window().toSeconds()));
    return sb.toString();
  }

  static String threshold(AlertKind kind, double threshold) {
    return switch (kind.change()) {
      case RELATIVE_DECREASE -> "-" + String.format(Locale.ROOT, "%.0f", threshold * 100) + "%";
      case ABSOLUTE_INCREASE ->
          "+" + String.format(Locale.ROOT, "%.1f", threshold * 100) + " points";
      case RELATIVE_INCREASE -> "+" + String.format(Locale.ROOT, "%.0f", threshold * 100) + "%";
    };
  }

  private static String signed(double pct) {
    return (pct >= 0 ? "+" : "") + String.format(Locale.ROOT, "%.0f", pct);
  }
}
