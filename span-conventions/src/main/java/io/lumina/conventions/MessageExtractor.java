package io.lumina.conventions;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the many shapes of "the prompt" and "the response" into messages of {role, content}: OTel
 * GenAI messages with {@code parts}, OpenAI-style {@code content} strings or part arrays, request
 * objects ({@code {"messages": [...]}}, Vercel's {@code {"system": ..., "prompt": ...}}), response
 * objects ({@code choices}, Anthropic {@code content} blocks, Gemini {@code candidates}, Responses
 * API {@code output}), and plain text. Anything it does not recognise stays plain text: a prompt is
 * never dropped because its shape is new.
 */
final class MessageExtractor {

  /** One message: role as the provider wrote it (Gemini's "model" becomes "assistant"). */
  record Message(String role, String content) {}

  /** What a value held: messages (possibly with system instructions given apart), or plain text. */
  record Extracted(List<Message> messages, String system, String text) {
    static Extracted ofText(String text) {
      return new Extracted(List.of(), null, text);
    }

    boolean hasMessages() {
      return !messages.isEmpty();
    }
  }

  // Immutable and thread-safe once built; no per-span configuration.
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private MessageExtractor() {}

  static Extracted extract(AnyValue value) {
    if (value.hasStringValue()) {
      return fromString(value.getStringValue());
    }
    if (value.hasArrayValue() || value.hasKvlistValue()) {
      Extracted e = fromJson(AttributeValues.toJson(value));
      return e != null ? e : Extracted.ofText(AttributeValues.string(value));
    }
    return Extracted.ofText(AttributeValues.string(value));
  }

  static Extracted fromString(String s) {
    JsonNode node = parseIfJson(s);
    if (node != null) {
      Extracted e = fromJson(node);
      if (e != null) {
        return e;
      }
    }
    return Extracted.ofText(s.isEmpty() ? null : s);
  }

  /** Readable text of a content value: a string, parts, or a JSON string of either. */
  static String contentText(AnyValue value) {
    if (value.hasStringValue()) {
      JsonNode node = parseIfJson(value.getStringValue());
      if (node != null && (node.isArray() || node.isObject())) {
        String text = contentText(node);
        return text != null ? text : value.getStringValue();
      }
      return AttributeValues.string(value);
    }
    if (value.hasArrayValue() || value.hasKvlistValue()) {
      return contentText(AttributeValues.toJson(value));
    }
    return AttributeValues.string(value);
  }

  /**
   * The message inside a gen_ai.choice-like body ({@code {message: {role, content}}} or itself).
   */
  static Message messageIn(AnyValue value, String defaultRole) {
    JsonNode node =
        value.hasStringValue()
            ? parseIfJson(value.getStringValue())
            : (value.hasKvlistValue() ? AttributeValues.toJson(value) : null);
    if (node == null || !node.isObject()) {
      return new Message(defaultRole, AttributeValues.string(value));
    }
    JsonNode inner =
        node.has("message") && node.get("message").isObject() ? node.get("message") : node;
    Message m = message(inner);
    return m.role() == null ? new Message(defaultRole, m.content()) : m;
  }

  static String messagesJson(List<Message> messages) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Message m : messages) {
      ObjectNode o = array.addObject();
      o.put("role", m.role());
      o.put("content", m.content());
    }
    return JSON.writeValueAsString(array);
  }

  /**
   * The system instructions among messages ({@code system} or {@code developer} turns), or null.
   */
  static String systemText(List<Message> messages) {
    StringBuilder sb = new StringBuilder();
    for (Message m : messages) {
      if (isSystem(m) && m.content() != null && !m.content().isEmpty()) {
        if (!sb.isEmpty()) {
          sb.append("\n\n");
        }
        sb.append(m.content());
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  /** The messages as the model received them: the system instructions given apart come first. */
  static List<Message> withSystem(String system, List<Message> messages) {
    List<Message> all = new ArrayList<>(messages.size() + 1);
    all.add(new Message("system", system));
    all.addAll(messages);
    return List.copyOf(all);
  }

  private static boolean isSystem(Message m) {
    return "system".equals(m.role()) || "developer".equals(m.role());
  }

  /**
   * True for a payload that says nothing: blank, {@code null}, or JSON made only of empty
   * containers and empty strings, such as OpenLLMetry's {@code {"args":[],"kwargs":{}}} for a
   * function called without arguments. Only short strings are parsed: the empty shapes are short.
   */
  static boolean isEmptyPayload(String s) {
    if (s.isBlank()) {
      return true;
    }
    if (s.length() > MAX_EMPTY_PAYLOAD) {
      return false;
    }
    JsonNode node = parseIfJson(s);
    return node != null ? isEmpty(node) : s.strip().equals("null");
  }

  private static final int MAX_EMPTY_PAYLOAD = 64;

  private static boolean isEmpty(JsonNode node) {
    if (node.isNull() || node.isMissingNode()) {
      return true;
    }
    if (node.isString()) {
      return node.stringValue().isEmpty();
    }
    if (node.isArray() || node.isObject()) {
      for (JsonNode child : node) {
        if (!isEmpty(child)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** The readable text of messages: contents joined by blank lines, system turns left out. */
  static String readable(List<Message> messages) {
    StringBuilder sb = new StringBuilder();
    appendContents(sb, messages, false);
    if (sb.isEmpty()) {
      appendContents(sb, messages, true);
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  private static void appendContents(StringBuilder sb, List<Message> messages, boolean system) {
    for (Message m : messages) {
      if (m.content() != null && !m.content().isEmpty() && system == "system".equals(m.role())) {
        if (!sb.isEmpty()) {
          sb.append("\n\n");
        }
        sb.append(m.content());
      }
    }
  }

  /** The JSON object in {@code s}, or null when it is not one. */
  static JsonNode parseObject(String s) {
    JsonNode node = parseIfJson(s);
    return node != null && node.isObject() ? node : null;
  }

  private static JsonNode parseIfJson(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    if (i == s.length() || (s.charAt(i) != '[' && s.charAt(i) != '{')) {
      return null;
    }
    try {
      return JSON.readTree(s);
    } catch (JacksonException notJson) {
      return null;
    }
  }

  /** Messages or text found in a JSON value, or null when the shape is not recognised. */
  private static Extracted fromJson(JsonNode node) {
    if (node.isString()) {
      return Extracted.ofText(node.stringValue());
    }
    if (node.isArray()) {
      return fromArray(node);
    }
    if (!node.isObject()) {
      return null;
    }
    if (node.get("args") instanceof ArrayNode args && node.get("kwargs") instanceof ObjectNode kw) {
      return entityArguments(args, kw);
    }
    String system = node.has("system") ? contentText(node.get("system")) : null;
    for (String key :
        new String[] {"messages", "input", "prompt", "output", "choices", "candidates"}) {
      JsonNode inner = node.get(key);
      if (inner == null || inner.isNull()) {
        continue;
      }
      Extracted e =
          inner.isString()
              ? new Extracted(List.of(new Message("user", inner.stringValue())), null, null)
              : fromJson(inner);
      if (e != null) {
        if (e.hasMessages() || system != null) {
          return new Extracted(e.messages(), system != null ? system : e.system(), e.text());
        }
        return e;
      }
    }
    if (node.has("content") || node.has("parts")) {
      Message m = message(node);
      return new Extracted(
          List.of(m.role() == null ? new Message("assistant", m.content()) : m), system, null);
    }
    if (node.has("message") && node.get("message").isObject()) {
      return fromJson(node.get("message"));
    }
    if (node.has("text") && node.get("text").isString()) {
      return Extracted.ofText(node.get("text").stringValue());
    }
    return null;
  }

  /**
   * OpenLLMetry's record of a decorated function's arguments ({@code {"args": [...], "kwargs":
   * {...}}}): its text arguments, or null (kept as the raw JSON) when there are others.
   */
  private static Extracted entityArguments(ArrayNode args, ObjectNode kwargs) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode arg : args) {
      if (!arg.isString()) {
        return null;
      }
      appendParagraph(sb, arg.stringValue());
    }
    for (JsonNode arg : kwargs) {
      if (!arg.isString()) {
        return null;
      }
      appendParagraph(sb, arg.stringValue());
    }
    return sb.isEmpty() ? null : Extracted.ofText(sb.toString());
  }

  private static void appendParagraph(StringBuilder sb, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!sb.isEmpty()) {
      sb.append("\n\n");
    }
    sb.append(text);
  }

  private static Extracted fromArray(JsonNode array) {
    List<Message> messages = new ArrayList<>(array.size());
    StringBuilder strings = new StringBuilder();
    for (JsonNode e : array) {
      if (e.isString()) {
        if (!strings.isEmpty()) {
          strings.append("\n\n");
        }
        strings.append(e.stringValue());
      } else if (e.isObject()) {
        JsonNode inner = e.has("message") && e.get("message").isObject() ? e.get("message") : e;
        if (inner.has("role") || inner.has("content") || inner.has("parts")) {
          messages.add(message(inner));
        } else if (inner.has("text")) {
          messages.add(new Message(null, contentText(inner)));
        }
      }
    }
    if (!messages.isEmpty()) {
      return new Extracted(List.copyOf(messages), null, null);
    }
    return strings.isEmpty() ? null : Extracted.ofText(strings.toString());
  }

  private static Message message(JsonNode m) {
    String role =
        m.has("role") && m.get("role").isString() ? role(m.get("role").stringValue()) : null;
    JsonNode content = m.has("content") ? m.get("content") : m.get("parts");
    return new Message(role, content == null ? null : contentText(content));
  }

  private static String role(String raw) {
    return switch (raw) {
      case "model", "ai" -> "assistant";
      case "human" -> "user";
      default -> raw;
    };
  }

  /**
   * Text of a content node: a string, or the text parts of an array (images, tool calls skipped).
   */
  private static String contentText(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isString()) {
      return content.stringValue();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        String text = partText(part);
        if (text != null) {
          if (!sb.isEmpty()) {
            sb.append('\n');
          }
          sb.append(text);
        }
      }
      return sb.isEmpty() ? null : sb.toString();
    }
    if (content.isObject()) {
      if (content.has("parts")) {
        return contentText(content.get("parts"));
      }
      return partText(content);
    }
    return content.asString();
  }

  private static String partText(JsonNode part) {
    if (part.isString()) {
      return part.stringValue();
    }
    if (!part.isObject()) {
      return null;
    }
    JsonNode type = part.get("type");
    if (type != null && type.isString() && !type.stringValue().contains("text")) {
      return null;
    }
    JsonNode text = part.has("text") ? part.get("text") : part.get("content");
    return text != null && text.isString() ? text.stringValue() : null;
  }
}
