package io.lumina.sdk;

import java.util.List;

/**
 * The GenAI conventions' message JSON ({@code [{"role": ..., "parts": [{"type": "text", "content":
 * ...}]}]}), written by hand so the SDK needs no JSON library for it.
 */
final class Messages {

  /** One message of a conversation. */
  static final class Message {
    final String role;
    final String content;

    Message(String role, String content) {
      this.role = role;
      this.content = content;
    }
  }

  private Messages() {}

  static String json(List<Message> messages, String finishReason) {
    StringBuilder sb = new StringBuilder(64);
    sb.append('[');
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"role\":");
      string(sb, m.role);
      sb.append(",\"parts\":[{\"type\":\"text\",\"content\":");
      string(sb, m.content);
      sb.append("}]");
      if (finishReason != null) {
        sb.append(",\"finish_reason\":");
        string(sb, finishReason);
      }
      sb.append('}');
    }
    return sb.append(']').toString();
  }

  static void string(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("null");
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
