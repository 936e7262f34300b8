package io.lumina.dashboard.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.dashboard.view.JsonText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Alerts, alert rules, notification channels and deliveries from the query API as table rows, read
 * tolerantly (docs/alerts.md has the shapes): a new or missing optional field never breaks the
 * page. Everything here is shown with {@code th:text}, so service names and summaries stay text.
 */
@Component("alertView")
public final class AlertView {

  public record Row(
      String id,
      String status,
      boolean open,
      boolean acknowledged,
      String title,
      String kind,
      String service,
      String endpoint,
      String detail,
      String summary,
      Instant firedAt,
      String when,
      String resolvedBy) {}

  /** One alert rule; {@code reads} says what the threshold means for its kind. */
  public record Rule(
      String id,
      String service,
      String endpoint,
      String kind,
      String threshold,
      String reads,
      String window,
      String minSamples,
      boolean enabled) {}

  /** One notification channel; its secret is never sent, only whether it has one. */
  public record Channel(
      String id,
      String name,
      String type,
      String url,
      boolean hasSecret,
      String services,
      boolean enabled) {}

  /** One notification of an alert to one channel. */
  public record Delivery(
      String channel,
      String channelType,
      String event,
      String status,
      String attempts,
      String lastStatusCode,
      String lastError,
      Instant deliveredAt,
      Instant nextAttemptAt) {}

  public List<Row> list(JsonNode answer) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode a : JsonText.array(answer, "alerts", "items", "data")) {
      rows.add(row(a));
    }
    return rows;
  }

  /** The alert of {@code GET /api/alerts/{id}} ({@code {alert, deliveries}}). */
  public Row alert(JsonNode answer) {
    JsonNode a = answer.get("alert");
    return row(a != null && a.isObject() ? a : answer);
  }

  public List<Delivery> deliveries(JsonNode answer) {
    List<Delivery> out = new ArrayList<>();
    for (JsonNode d : JsonText.array(answer, "deliveries")) {
      out.add(
          new Delivery(
              first(JsonText.field(d, "channelName", "channelId"), "?"),
              first(JsonText.field(d, "channelType"), ""),
              first(JsonText.field(d, "event"), ""),
              lower(first(JsonText.field(d, "status"), "pending")),
              first(JsonText.field(d, "attempts"), "0"),
              JsonText.field(d, "lastStatusCode"),
              JsonText.field(d, "lastError"),
              instant(JsonText.field(d, "deliveredAt")),
              instant(JsonText.field(d, "nextAttemptAt"))));
    }
    return out;
  }

  public List<Rule> rules(JsonNode answer) {
    List<Rule> out = new ArrayList<>();
    for (JsonNode r : JsonText.array(answer, "rules")) {
      String kind = first(JsonText.field(r, "kind"), "?");
      String threshold = first(JsonText.field(r, "threshold"), "?");
      out.add(
          new Rule(
              JsonText.field(r, "id"),
              first(JsonText.field(r, "service"), ""),
              JsonText.field(r, "endpoint"),
              kind,
              threshold,
              reads(kind, JsonText.number(r, "threshold")),
              first(JsonText.field(r, "window"), ""),
              JsonText.field(r, "minSamples"),
              !"false".equals(JsonText.field(r, "enabled"))));
    }
    return out;
  }

  public List<Channel> channels(JsonNode answer) {
    List<Channel> out = new ArrayList<>();
    for (JsonNode c : JsonText.array(answer, "webhooks", "channels")) {
      List<String> services = new ArrayList<>();
      JsonText.array(c, "services").forEach(s -> services.add(JsonText.text(s)));
      out.add(
          new Channel(
              JsonText.field(c, "id"),
              first(JsonText.field(c, "name"), ""),
              first(JsonText.field(c, "type"), "webhook"),
              first(JsonText.field(c, "url"), ""),
              "true".equals(JsonText.field(c, "hasSecret")),
              services.isEmpty() ? "all services" : String.join(", ", services),
              !"false".equals(JsonText.field(c, "enabled"))));
    }
    return out;
  }

  /** What a threshold means for the rule's kind (relative change, or points for a rate). */
  static String reads(String kind, Double threshold) {
    if (threshold == null) {
      return "";
    }
    return AlertKind.fromWire(kind).map(k -> k.thresholdReads(threshold)).orElse("");
  }

  private static Row row(JsonNode a) {
    String status = lower(JsonText.field(a, "status", "state"));
    String title = first(JsonText.field(a, "title", "ruleName", "type", "kind", "rule"), "alert");
    String summary = JsonText.field(a, "summary", "message", "description");
    Instant fired =
        instant(JsonText.field(a, "firedAt", "startedAt", "createdAt", "triggeredAt", "time"));
    return new Row(
        JsonText.field(a, "id", "alertId"),
        status == null ? "firing" : status,
        status == null
            || status.equals("open")
            || status.equals("firing")
            || status.equals("acknowledged"),
        "acknowledged".equals(status) || JsonText.field(a, "acknowledgedAt") != null,
        title.replace('_', ' '),
        first(JsonText.field(a, "kind"), ""),
        first(JsonText.field(a, "service"), ""),
        JsonText.field(a, "endpoint"),
        detail(a, summary),
        summary,
        fired,
        fired == null ? first(JsonText.field(a, "firedAt"), "") : "",
        JsonText.field(a, "resolvedBy"));
  }

  /**
   * One line for the list: the summary's "Current" and "Baseline" lines (already formatted per kind
   * by the query API, "$2.30/hour (+360%)"), else the raw figures.
   */
  static String detail(JsonNode a, String summary) {
    if (summary != null) {
      StringBuilder sb = new StringBuilder();
      for (String line : summary.split("\n")) {
        String l = line.strip();
        if (l.startsWith("Current:") || l.startsWith("Baseline:")) {
          sb.append(sb.isEmpty() ? "" : " · ")
              .append(l.toLowerCase(Locale.ROOT).charAt(0))
              .append(l.substring(1).replaceFirst(":", ""));
        }
      }
      if (!sb.isEmpty()) {
        return sb.toString();
      }
      if (!summary.contains("\n")) {
        return summary;
      }
    }
    StringBuilder sb = new StringBuilder();
    append(sb, "current", JsonText.field(a, "current", "currentValue"));
    append(sb, "baseline", JsonText.field(a, "baseline", "baselineValue"));
    append(sb, "change %", JsonText.field(a, "changePct", "changePercent", "change"));
    append(sb, "threshold", JsonText.field(a, "threshold"));
    return sb.toString();
  }

  private static void append(StringBuilder sb, String label, String value) {
    if (value != null) {
      sb.append(sb.isEmpty() ? "" : " · ").append(label).append(' ').append(value);
    }
  }

  private static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String first(String s, String fallback) {
    return s == null ? fallback : s;
  }
}
