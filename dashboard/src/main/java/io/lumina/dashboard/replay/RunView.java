package io.lumina.dashboard.replay;

import io.lumina.dashboard.view.JsonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A replay run and its diff as the pages show them, read tolerantly from the engine's JSON
 * ({@code GET /api/replay/runs/{id}} and {@code .../diff}).
 */
record RunView(String id, String setId, String status, String provider, String model, int done, int total,
    List<Stat> summary, String error) {

  record Stat(String label, String value) {}

  /** One diff run of words: {@code op} is equal, insert or delete. */
  record Op(String op, String text) {}

  record Item(String position, String traceId, String original, String replayed, List<Op> ops, String similarity,
      String costDelta, String latencyDelta, String error) {
    List<Op> left() {
      return ops.stream().filter(o -> !o.op().equals("insert")).toList();
    }

    List<Op> right() {
      return ops.stream().filter(o -> !o.op().equals("delete")).toList();
    }
  }

  boolean finished() {
    return switch (status) {
      case "completed", "complete", "succeeded", "done", "failed", "cancelled", "canceled", "finished" -> true;
      default -> false;
    };
  }

  String percent() {
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
          summary.add(new Stat(label(e.getKey()), JsonText.text(e.getValue())));
        }
      }
    }
    String status = JsonText.field(run, "status", "state");
    return new RunView(JsonText.field(run, "id", "runId"), JsonText.field(run, "setId", "replaySetId"),
        status == null ? "unknown" : status.toLowerCase(Locale.ROOT), JsonText.field(run, "provider"),
        JsonText.field(run, "model"), done, total, summary, JsonText.field(run, "error", "errorMessage"));
  }

  static List<Item> items(JsonNode diff) {
    List<Item> out = new ArrayList<>();
    for (JsonNode i : JsonText.array(diff, "items", "results", "diffs")) {
      List<Op> ops = new ArrayList<>();
      for (JsonNode o : JsonText.array(i.get("diff") != null && i.get("diff").isObject() ? i.get("diff") : i,
          "diff", "ops", "wordDiff", "changes")) {
        String op = JsonText.field(o, "op", "type", "operation");
        ops.add(new Op(op == null ? "equal" : op.toLowerCase(Locale.ROOT), JsonText.field(o, "text", "value")));
      }
      out.add(new Item(JsonText.field(i, "position", "index"), JsonText.field(i, "traceId"),
          JsonText.field(i, "originalResponse", "original", "before"),
          JsonText.field(i, "newResponse", "replayResponse", "response", "after"), ops,
          JsonText.field(i, "similarity", "score"),
          JsonText.field(i, "costDeltaUsd", "costDelta", "costChange"),
          JsonText.field(i, "latencyDeltaMs", "latencyDelta", "latencyChange"),
          JsonText.field(i, "error", "errorMessage")));
    }
    return out;
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
