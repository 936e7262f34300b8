package io.lumina.storage.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The nodes of an {@code EXPLAIN (FORMAT JSON)} plan, for tests that check which plan the planner
 * chose for a statement.
 */
final class PlanNodes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlanNodes() {}

  /** Every node of the plan, each before its children. */
  static Stream<JsonNode> of(String explained) {
    List<JsonNode> nodes = new ArrayList<>();
    add(JSON.readTree(explained).get(0).get("Plan"), nodes);
    return nodes.stream();
  }

  /** What {@code describe} finds in each node (empty: nothing), in plan order. */
  static List<String> find(String explained, Function<JsonNode, Stream<String>> describe) {
    return of(explained).flatMap(describe).toList();
  }

  private static void add(JsonNode node, List<JsonNode> nodes) {
    nodes.add(node);
    for (JsonNode child : node.path("Plans")) {
      add(child, nodes);
    }
  }
}
