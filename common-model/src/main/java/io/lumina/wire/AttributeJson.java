package io.lumina.wire;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.List;

/**
 * Writes OTLP attribute lists as compact JSON objects ({@code {"key": value}}) for the jsonb
 * columns. Values keep their type: strings, integers, doubles, booleans, arrays and nested objects;
 * bytes become base64 strings. NUL characters, which PostgreSQL text and jsonb refuse, become
 * U+FFFD. Hand-written because it runs for every span and needs nothing a JSON library would add.
 */
public final class AttributeJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int MAX_DEPTH = 32;

  private AttributeJson() {}

  public static String toJson(List<KeyValue> attributes) {
    StringBuilder out = new StringBuilder(64 + attributes.size() * 48);
    appendObject(out, attributes, 0);
    return out.toString();
  }

  public static void appendObject(StringBuilder out, List<KeyValue> attributes, int depth) {
    out.append('{');
    for (int i = 0; i < attributes.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      KeyValue kv = attributes.get(i);
      appendString(out, kv.getKey());
      out.append(':');
      appendValue(out, kv.getValue(), depth + 1);
    }
    out.append('}');
  }

  public static void appendValue(StringBuilder out, AnyValue value, int depth) {
    if (depth > MAX_DEPTH) {
      out.append("null");
      return;
    }
    switch (value.getValueCase()) {
      case STRING_VALUE -> appendString(out, value.getStringValue());
      case BOOL_VALUE -> out.append(value.getBoolValue());
      case INT_VALUE -> out.append(value.getIntValue());
      case DOUBLE_VALUE -> {
        double d = value.getDoubleValue();
        if (Double.isFinite(d)) {
          out.append(d);
        } else {
          appendString(out, Double.toString(d));
        }
      }
      case ARRAY_VALUE -> {
        out.append('[');
        List<AnyValue> values = value.getArrayValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          appendValue(out, values.get(i), depth + 1);
        }
        out.append(']');
      }
      case KVLIST_VALUE -> appendObject(out, value.getKvlistValue().getValuesList(), depth + 1);
      case BYTES_VALUE -> appendString(out, base64(value.getBytesValue()));
      case VALUE_NOT_SET -> out.append("null");
    }
  }

  public static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0 -> out.append("\\ufffd");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** The value as plain text: strings as they are, other scalars printed, structures as JSON. */
  public static String asText(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case VALUE_NOT_SET -> null;
      default -> {
        StringBuilder out = new StringBuilder();
        appendValue(out, value, 0);
        yield out.toString();
      }
    };
  }

  private static String base64(ByteString bytes) {
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
