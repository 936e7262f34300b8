package io.lumina.dashboard.view;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads user-supplied JSON (attributes, events, messages) into plain strings for escaped display.
 */
public final class JsonText {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonText() {}

  /** JSON text as the API passes it through (attributes, events...), as a tree; null if none. */
  public static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (JacksonException notJson) {
      return null;
    }
  }

  /** One attribute as shown: key and value text (strings unquoted, everything else as JSON). */
  public record Attr(String key, String value) {}

  public static List<Attr> attributes(JsonNode object) {
    List<Attr> out = new ArrayList<>();
    if (object == null || !object.isObject()) {
      return out;
    }
    for (var e : object.properties()) {
      out.add(new Attr(e.getKey(), text(e.getValue())));
    }
    out.sort((a, b) -> a.key().compareTo(b.key()));
    return out;
  }

  public static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "";
    }
    return node.isString() ? node.asString() : node.toString();
  }

  /** The field as text, or null when absent or null. */
  public static String field(JsonNode node, String... names) {
    if (node == null) {
      return null;
    }
    for (String name : names) {
      JsonNode v = node.get(name);
      if (v != null && !v.isNull() && !v.isMissingNode()) {
        return text(v);
      }
    }
    return null;
  }

  /** The numeric field, or null when absent or not a number. */
  public static Double number(JsonNode node, String... names) {
    String s = field(node, names);
    if (s == null) {
      return null;
    }
    try {
      return Double.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The array at the first of the names present (or the node itself when it is an array). */
  public static List<JsonNode> array(JsonNode node, String... names) {
    List<JsonNode> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    JsonNode arr = node.isArray() ? node : null;
    for (String name : names) {
      if (arr == null && node.get(name) != null && node.get(name).isArray()) {
        arr = node.get(name);
      }
    }
    if (arr != null) {
      arr.forEach(out::add);
    }
    return out;
  }
}
