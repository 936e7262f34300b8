package io.lumina.dashboard.alerts;

import io.lumina.dashboard.view.JsonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Alerts from the query API as table rows, read tolerantly: the seed's fields (service, endpoint,
 * baseline, current, change %, threshold) where present.
 */
@Component("alertView")
public final class AlertView {

  public record Row(String id, String status, boolean open, boolean acknowledged, String title, String service,
      String detail, String when) {}

  public List<Row> list(JsonNode answer) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode a : JsonText.array(answer, "alerts", "items", "data")) {
      String status = lower(JsonText.field(a, "status", "state"));
      String title = first(JsonText.field(a, "title", "ruleName", "type", "kind", "rule"), "alert");
      String detail = detail(a);
      rows.add(new Row(JsonText.field(a, "id", "alertId"), status == null ? "open" : status,
          status == null || status.equals("open") || status.equals("firing") || status.equals("acknowledged"),
          "acknowledged".equals(status) || JsonText.field(a, "acknowledgedAt") != null,
          title.replace('_', ' '), first(JsonText.field(a, "service"), ""), detail,
          first(JsonText.field(a, "firedAt", "startedAt", "createdAt", "triggeredAt", "time"), "")));
    }
    return rows;
  }

  private static String detail(JsonNode a) {
    String message = JsonText.field(a, "summary", "message", "description");
    if (message != null) {
      return message;
    }
    StringBuilder sb = new StringBuilder();
    append(sb, "current", JsonText.field(a, "current", "currentValue"));
    append(sb, "baseline", JsonText.field(a, "baseline", "baselineValue"));
    append(sb, "change", JsonText.field(a, "changePct", "changePercent", "change"));
    append(sb, "threshold", JsonText.field(a, "threshold"));
    return sb.toString();
  }

  private static void append(StringBuilder sb, String label, String value) {
    if (value != null) {
      sb.append(sb.isEmpty() ? "" : " · ").append(label).append(' ').append(value);
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String first(String s, String fallback) {
    return s == null ? fallback : s;
  }
}
