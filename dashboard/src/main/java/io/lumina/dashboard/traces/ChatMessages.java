package io.lumina.dashboard.traces;

import io.lumina.dashboard.view.JsonText;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The prompt as chat messages for display: from the span's {@code inputMessages} (the worker's
 * normalized [{role, content}]) when present, else from a prompt that is itself such a JSON array
 * or a {"messages": [...]} object. Anything else stays plain text. Content is shown escaped by the
 * template.
 */
public final class ChatMessages {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_PARSE = 2_000_000;

  public record Message(String role, String content) {}

  private ChatMessages() {}

  static List<Message> of(JsonNode inputMessages, String prompt) {
    List<Message> messages = fromNode(inputMessages);
    if (!messages.isEmpty() || prompt == null) {
      return messages;
    }
    String p = prompt.strip();
    if (p.length() > MAX_PARSE || !(p.startsWith("[") || p.startsWith("{"))) {
      return List.of();
    }
    try {
      return fromNode(JSON.readTree(p));
    } catch (RuntimeException notJson) {
      return List.of();
    }
  }

  private static List<Message> fromNode(JsonNode node) {
    List<Message> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isString()) {
      // Some producers store the array as a JSON string.
      try {
        return fromNode(JSON.readTree(node.asString()));
      } catch (RuntimeException notJson) {
        return out;
      }
    }
    for (JsonNode m : JsonText.array(node, "messages")) {
      if (!m.isObject() || !m.has("role")) {
        return List.of();
      }
      out.add(new Message(JsonText.field(m, "role"), content(m)));
    }
    return out;
  }

  private static String content(JsonNode m) {
    JsonNode c = m.get("content");
    if (c == null || c.isNull()) {
      c = m.get("parts");
    }
    if (c == null || c.isNull()) {
      return "";
    }
    if (c.isArray()) {
      // Part arrays: keep the text parts, show other parts as their JSON.
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : c) {
        if (!sb.isEmpty()) {
          sb.append('\n');
        }
        String text = part.isString() ? part.asString() : JsonText.field(part, "text", "content");
        sb.append(text != null ? text : part.toString());
      }
      return sb.toString();
    }
    return JsonText.text(c);
  }
}
