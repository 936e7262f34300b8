package io.lumina.dashboard.replay;

import io.lumina.dashboard.view.JsonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A replay run and its diff as the pages show them, read tolerantly from the engine's JSON ({@code
 * GET /api/replay/runs/{id}} and {@code .../diff}).
 */
public record RunView(
    String id,
    String setId,
    String status,
    String provider,
    String model,
    int done,
    int total,
    List<Stat> summary,
    String error) {

  public record Stat(String label, String value) {}

  /** One diff run of words: {@code op} is equal, insert or delete. */
  public record Op(String op, String text) {}

  public record Item(
      String position,
      String traceId,
      String original,
      String replayed,
      List<Op> ops,
      String similarity,
      String costDelta,
      String latencyDelta,
      String error) {
    public List<Op> left() {
      return ops.stream().filter(o -> !o.op().equals("insert")).toList();
    }

    public List<Op> right() {
      return ops.stream().filter(o -> !o.op().equals("delete")).toList();
    }
  }

  public boolean finished() {
    return switch (status) {
      case "completed",
          "complete",
          "succeeded",
          "done",
          "failed",
          "cancelled",
          "canceled",
          "finished" ->
          true;
      default -> false;
    };
  }

  public String percent() {
    return total <= 0 ? "0" : Integer.toString(Math.min(100, 100 * done / total));
  }

  static RunView of(JsonNode run) {
    JsonNode progress = run.get("progress");
    int done = integer(progress, "completed", "done", "finished", "processed");
    int total = integer(progress, "total", "itemCount", "items");
    if (progress == null || !progress.isObject()) {
      done = integer(run, "completedItems", "completed", "done", "processedCount");
      total = integer(run, "totalItems", "itemCount", "total");
    }
    List<Stat> summary = new ArrayList<>();
    JsonNode s = run.get("summary");
    if (s != null && s.isObject()) {
      for (var e : s.properties()) {
        if (!(e.getValue().isObject() || e.getValue().isArray())) {
          summary.add(
              new Stat(
                  label(e.getKey()),
                  e.getValue().isNumber()
                      ? number(e.getValue().asDouble(), "")
                      : JsonText.text(e.getValue())));
        }
      }
    }
    // The engine nests the cost and latency changes: the figures a reader looks for first.
    JsonNode cost = s == null ? null : s.get("cost");
    addStat(summary, "total cost change", usd(JsonText.number(cost, "totalChangeUsd")));
    addStat(
        summary, "total cost change %", signed(JsonText.number(cost, "totalChangePercent"), "%"));
    JsonNode latency = s == null ? null : s.get("latency");
    addStat(
        summary, "mean latency change", signed(JsonText.number(latency, "meanChangeMs"), " ms"));
    String status = JsonText.field(run, "status", "state");
    return new RunView(
        JsonText.field(run, "id", "runId"),
        JsonText.field(run, "setId", "replaySetId"),
        status == null ? "unknown" : status.toLowerCase(Locale.ROOT),
        JsonText.field(run, "provider"),
        JsonText.field(run, "model"),
        done,
        total,
        summary,
        JsonText.field(run, "error", "errorMessage"));
  }

  static List<Item> items(JsonNode diff) {
    List<Item> out = new ArrayList<>();
    for (JsonNode i : JsonText.array(diff, "items", "results", "diffs")) {
      List<Op> ops = new ArrayList<>();
      for (JsonNode o :
          JsonText.array(
              i.get("diff") != null && i.get("diff").isObject() ? i.get("diff") : i,
              "diff",
              "ops",
              "wordDiff",
              "changes")) {
        String op = JsonText.field(o, "op", "type", "operation");
        ops.add(
            new Op(
                op == null ? "equal" : op.toLowerCase(Locale.ROOT),
                JsonText.field(o, "text", "value")));
      }
      out.add(
          new Item(
              JsonText.field(i, "position", "index"),
              JsonText.field(i, "traceId"),
              JsonText.field(i, "originalResponse", "original", "before"),
              JsonText.field(i, "newResponse", "replayResponse", "response", "after"),
              ops,
              fixed(JsonText.number(i, "similarity", "score")),
              usd(
                  first(
                      JsonText.number(i.get("cost"), "deltaUsd"),
                      JsonText.number(i, "costDeltaUsd", "costDelta"))),
              signed(
                  first(
                      JsonText.number(i.get("latency"), "deltaMs"),
                      JsonText.number(i, "latencyDeltaMs", "latencyDelta")),
                  ""),
              JsonText.field(i, "error", "errorMessage")));
    }
    return out;
  }

  private static void addStat(List<Stat> stats, String label, String value) {
    if (value != null) {
      stats.add(new Stat(label, value));
    }
  }

  private static <T> T first(T a, T b) {
    return a != null ? a : b;
  }

  /** At most four decimals, no trailing zeros: 0.0148, 0.5, 12. */
  static String number(double v, String unit) {
    String text =
        Math.abs(v) >= 100
            ? String.format(Locale.ROOT, "%.0f", v)
            : java.math.BigDecimal.valueOf(v)
                .setScale(4, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    return text + unit;
  }

  /** A change with its sign: +12 ms, -3.5%. */
  static String signed(Double v, String unit) {
    return v == null ? null : (v > 0 ? "+" : "") + number(v, unit);
  }

  static String fixed(Double v) {
    return v == null ? null : number(v, "");
  }

  /**
   * A cost change in dollars with its sign, to the fraction of a cent LLM calls cost: -$0.002624.
   */
  static String usd(Double v) {
    if (v == null) {
      return null;
    }
    String digits =
        java.math.BigDecimal.valueOf(Math.abs(v))
            .round(new java.math.MathContext(4))
            .stripTrailingZeros()
            .toPlainString();
    return (v < 0 ? "-$" : v > 0 ? "+$" : "$") + digits;
  }

  private static int integer(JsonNode node, String... names) {
    Double d = JsonText.number(node, names);
    return d == null ? 0 : d.intValue();
  }

  /** camelCase keys as words: meanSimilarity becomes "mean similarity". */
  private static String label(String key) {
    return key.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
