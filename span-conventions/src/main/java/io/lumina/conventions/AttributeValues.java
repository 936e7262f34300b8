package io.lumina.conventions;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads OTLP attribute values leniently: instrumentations send numbers as int, double or string
 * ("120", "120.0"), so every numeric reader accepts all three. Unusable values read as null ("not
 * reported") instead of failing the span.
 */
final class AttributeValues {

  private AttributeValues() {}

  static String string(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> emptyToNull(v.getStringValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case ARRAY_VALUE, KVLIST_VALUE -> toJson(v).toString();
      default -> null;
    };
  }

  /** A non-negative whole number, or null. Doubles and numeric strings are rounded. */
  static Long count(AnyValue v) {
    return switch (v.getValueCase()) {
      case INT_VALUE -> v.getIntValue() >= 0 ? v.getIntValue() : null;
      case DOUBLE_VALUE -> roundCount(v.getDoubleValue());
      case STRING_VALUE -> parseCount(v.getStringValue());
      default -> null;
    };
  }

  /** A finite number, or null. */
  static Double number(AnyValue v) {
    return switch (v.getValueCase()) {
      case INT_VALUE -> (double) v.getIntValue();
      case DOUBLE_VALUE -> finite(v.getDoubleValue());
      case STRING_VALUE -> parseNumber(v.getStringValue());
      default -> null;
    };
  }

  static Long parseCount(String s) {
    String t = s.strip();
    if (t.isEmpty()) {
      return null;
    }
    try {
      long value = Long.parseLong(t);
      return value >= 0 ? value : null;
    } catch (NumberFormatException notAnInteger) {
      Double d = parseNumber(t);
      return d == null ? null : roundCount(d);
    }
  }

  static Double parseNumber(String s) {
    String t = s.strip();
    if (t.isEmpty() || !looksNumeric(t)) {
      return null;
    }
    try {
      return finite(Double.parseDouble(t));
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }

  /**
   * Converts a structured value to JSON: an array of kvlists is how OTLP carries {@code
   * gen_ai.input.messages} when the SDK records it as structure instead of a JSON string.
   */
  static JsonNode toJson(AnyValue v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (v.getValueCase()) {
      case STRING_VALUE -> f.stringNode(v.getStringValue());
      case INT_VALUE -> f.numberNode(v.getIntValue());
      case DOUBLE_VALUE -> f.numberNode(v.getDoubleValue());
      case BOOL_VALUE -> f.booleanNode(v.getBoolValue());
      case ARRAY_VALUE -> {
        ArrayNode a = f.arrayNode();
        for (AnyValue e : v.getArrayValue().getValuesList()) {
          a.add(toJson(e));
        }
        yield a;
      }
      case KVLIST_VALUE -> {
        ObjectNode o = f.objectNode();
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          o.set(kv.getKey(), toJson(kv.getValue()));
        }
        yield o;
      }
      default -> f.nullNode();
    };
  }

  private static boolean looksNumeric(String t) {
    // Double.parseDouble also accepts "NaN", "Infinity" and hex floats: not token counts or prices.
    char c = t.charAt(0);
    return Character.isDigit(c) || c == '.' || c == '-' || c == '+';
  }

  private static Long roundCount(double d) {
    return Double.isFinite(d) && d >= 0 && d < Long.MAX_VALUE ? Math.round(d) : null;
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
