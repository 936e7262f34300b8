package io.lumina.ingestion.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.lumina.ingestion.web.BodyRejectedException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * OTLP JSON to protobuf, in one streaming pass driven by the message descriptors.
 *
 * <p>Follows the OTLP/HTTP JSON rules, which differ from the proto3 JSON mapping that protobuf's
 * own {@code JsonFormat} implements: trace and span ids are hex, not base64. Also accepts what the
 * proto3 mapping allows: lowerCamelCase or original field names, 64-bit integers as numbers or
 * strings, enums as numbers or names, {@code null} as "not set"; unknown fields are skipped, as
 * OTLP requires for forward compatibility. Nesting beyond {@link #MAX_DEPTH} messages is refused
 * like protobuf's own recursion limit refuses it in binary.
 */
final class OtlpJsonParser {
  /** The same limit protobuf's CodedInputStream applies to binary requests by default. */
  static final int MAX_DEPTH = 100;

  private static final Set<String> HEX_ID_FIELDS =
      Set.of(
          "opentelemetry.proto.trace.v1.Span.trace_id",
          "opentelemetry.proto.trace.v1.Span.span_id",
          "opentelemetry.proto.trace.v1.Span.parent_span_id",
          "opentelemetry.proto.trace.v1.Span.Link.trace_id",
          "opentelemetry.proto.trace.v1.Span.Link.span_id");
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final JsonFactory factory =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(
                      4 * MAX_DEPTH) // arrays and objects; the message depth check is the real
                  // limit
                  .maxStringLength(Integer.MAX_VALUE)
                  .build())
          .build();

  /**
   * Field lookup by JSON name and by proto name, for every message type reachable from the request.
   */
  private final Map<Descriptor, Map<String, FieldDescriptor>> fields = new HashMap<>();

  OtlpJsonParser() {
    index(ExportTraceServiceRequest.getDescriptor());
    // Fail at start-up, not on the first request, if the OTLP schema ever renames an id field.
    for (String id : HEX_ID_FIELDS) {
      String type = id.substring(0, id.lastIndexOf('.'));
      boolean known =
          fields.keySet().stream()
              .anyMatch(
                  d ->
                      d.getFullName().equals(type)
                          && d.findFieldByName(id.substring(type.length() + 1)) != null);
      if (!known) {
        throw new IllegalStateException("OTLP schema has no field " + id);
      }
    }
    warmUp();
  }

  /**
   * Parses one small request and refuses one with an out-of-range number, so that the classes of
   * the parse and of the refusal are loaded at start-up rather than in a client's first JSON
   * request; also checks that such a number is refused.
   */
  private void warmUp() {
    String span =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
            + "\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
            + "\"name\":\"warm-up\",\"kind\":\"SPAN_KIND_CLIENT\",\"startTimeUnixNano\":";
    try {
      parse((span + "\"1\"}]}]}]}").getBytes(StandardCharsets.UTF_8));
    } catch (BodyRejectedException e) {
      throw new IllegalStateException("the warm-up request was refused: " + e.getMessage(), e);
    }
    try {
      parse((span + "1e50000000}]}]}]}").getBytes(StandardCharsets.UTF_8));
    } catch (BodyRejectedException expected) {
      return;
    }
    throw new IllegalStateException("an out-of-range JSON number was not refused");
  }

  ExportTraceServiceRequest parse(byte[] body) throws BodyRejectedException {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    try (JsonParser p = factory.createParser(ObjectReadContext.empty(), body)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw malformed(p, "the body must be a JSON object (OTLP ExportTraceServiceRequest)");
      }
      readMessage(p, request, 1);
      if (p.nextToken() != null) {
        throw malformed(p, "unexpected content after the JSON object");
      }
    } catch (JacksonException e) {
      throw BodyRejectedException.malformed(
          "invalid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " at offset " + e.getLocation().getByteOffset()));
    } catch (IllegalArgumentException e) {
      // protobuf setters refuse wrong types; reaching here means a bug in the type checks below
      throw BodyRejectedException.malformed("invalid OTLP JSON: " + e.getMessage());
    }
    return request.build();
  }

  /** Reads the fields of an object whose START_OBJECT was just consumed. */
  private void readMessage(JsonParser p, Message.Builder builder, int depth)
      throws BodyRejectedException {
    if (depth > MAX_DEPTH) {
      throw malformed(p, "values are nested more than " + MAX_DEPTH + " levels deep");
    }
    Map<String, FieldDescriptor> byName = fields.get(builder.getDescriptorForType());
    JsonToken token;
    while ((token = p.nextToken()) == JsonToken.PROPERTY_NAME) {
      FieldDescriptor field = byName.get(p.currentName());
      JsonToken value = p.nextToken();
      if (field == null) {
        p.skipChildren(); // unknown field: ignored for forward compatibility
        continue;
      }
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      if (field.isRepeated()) {
        if (value != JsonToken.START_ARRAY) {
          throw malformed(p, "field '" + field.getJsonName() + "' must be an array");
        }
        while ((value = p.nextToken()) != JsonToken.END_ARRAY) {
          if (value == null) {
            throw malformed(p, "unterminated array");
          }
          builder.addRepeatedField(field, readValue(p, builder, field, value, depth));
        }
      } else {
        builder.setField(field, readValue(p, builder, field, value, depth));
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw malformed(p, "expected a field name or the end of the object");
    }
  }

  private Object readValue(
      JsonParser p, Message.Builder parent, FieldDescriptor field, JsonToken token, int depth)
      throws BodyRejectedException {
    return switch (field.getJavaType()) {
      case MESSAGE -> {
        if (token != JsonToken.START_OBJECT) {
          throw malformed(p, "field '" + field.getJsonName() + "' must be an object");
        }
        Message.Builder child = parent.newBuilderForField(field);
        readMessage(p, child, depth + 1);
        yield child.build();
      }
      case STRING -> {
        if (token != JsonToken.VALUE_STRING) {
          throw malformed(p, "field '" + field.getJsonName() + "' must be a string");
        }
        yield p.getString();
      }
      case BOOLEAN -> {
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
          yield token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_STRING
            && ("true".equals(p.getString()) || "false".equals(p.getString()))) {
          yield Boolean.parseBoolean(p.getString());
        }
        throw malformed(p, "field '" + field.getJsonName() + "' must be true or false");
      }
      case INT -> (int) integer(p, field, token, 32);
      case LONG -> integer(p, field, token, 64);
      case DOUBLE -> floating(p, field, token);
      case FLOAT -> (float) floating(p, field, token);
      case ENUM -> enumValue(p, field, token);
      case BYTE_STRING -> bytes(p, field, token);
    };
  }

  /**
   * Integers as JSON numbers or decimal strings; unsigned fields keep their full 64-bit range. The
   * text is bounded before it is converted ({@link JsonNumbers}), so {@code 1e50000000} costs as
   * much as {@code 1e5}.
   */
  private static long integer(JsonParser p, FieldDescriptor field, JsonToken token, int bits)
      throws BodyRejectedException {
    String text =
        switch (token) {
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
          case VALUE_STRING -> p.getString().trim();
          default -> throw malformed(p, "field '" + field.getJsonName() + "' must be an integer");
        };
    BigInteger value;
    try {
      value = JsonNumbers.integer(text);
    } catch (JsonNumbers.Refused e) {
      throw malformed(
          p,
          "field '"
              + field.getJsonName()
              + (e.problem() == JsonNumbers.Problem.OUT_OF_RANGE
                  ? "' is out of range: " + abbreviate(text)
                  : "' must be an integer"));
    }
    boolean unsigned =
        switch (field.getType()) {
          case UINT32, UINT64, FIXED32, FIXED64 -> true;
          default -> false;
        };
    BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
    BigInteger max =
        unsigned
            ? (bits == 64 ? UINT64_MAX : BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE))
            : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw malformed(p, "field '" + field.getJsonName() + "' is out of range: " + value);
    }
    return value.longValue(); // two's complement keeps unsigned values above Long.MAX_VALUE
  }

  private static double floating(JsonParser p, FieldDescriptor field, JsonToken token)
      throws BodyRejectedException {
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (token == JsonToken.VALUE_STRING) {
      String s = p.getString().trim();
      if (s.length() > JsonNumbers.MAX_LENGTH) {
        throw malformed(p, "field '" + field.getJsonName() + "' must be a number");
      }
      return switch (s) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> {
          try {
            yield Double.parseDouble(s);
          } catch (NumberFormatException e) {
            throw malformed(p, "field '" + field.getJsonName() + "' must be a number");
          }
        }
      };
    }
    throw malformed(p, "field '" + field.getJsonName() + "' must be a number");
  }

  private static EnumValueDescriptor enumValue(JsonParser p, FieldDescriptor field, JsonToken token)
      throws BodyRejectedException {
    EnumDescriptor type = field.getEnumType();
    if (token == JsonToken.VALUE_NUMBER_INT) {
      // proto3 enums are open: an unknown number is kept, as protobuf's binary parser keeps it
      return type.findValueByNumberCreatingIfUnknown((int) integer(p, field, token, 32));
    }
    if (token == JsonToken.VALUE_STRING) {
      EnumValueDescriptor value = type.findValueByName(p.getString());
      if (value != null) {
        return value;
      }
      throw malformed(
          p, "field '" + field.getJsonName() + "' has unknown value '" + p.getString() + "'");
    }
    throw malformed(p, "field '" + field.getJsonName() + "' must be an enum number or name");
  }

  private static ByteString bytes(JsonParser p, FieldDescriptor field, JsonToken token)
      throws BodyRejectedException {
    if (token != JsonToken.VALUE_STRING) {
      throw malformed(p, "field '" + field.getJsonName() + "' must be a string");
    }
    String s = p.getString();
    if (HEX_ID_FIELDS.contains(field.getFullName())) {
      try {
        return ByteString.copyFrom(HexFormat.of().parseHex(s));
      } catch (IllegalArgumentException e) {
        throw malformed(
            p,
            "field '"
                + field.getJsonName()
                + "' must be hex (OTLP JSON ids are hex, not base64): '"
                + abbreviate(s)
                + "'");
      }
    }
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(s));
    } catch (IllegalArgumentException e) {
      try {
        return ByteString.copyFrom(Base64.getUrlDecoder().decode(s));
      } catch (IllegalArgumentException e2) {
        throw malformed(p, "field '" + field.getJsonName() + "' must be base64");
      }
    }
  }

  private void index(Descriptor type) {
    if (fields.containsKey(type)) {
      return;
    }
    Map<String, FieldDescriptor> byName = new HashMap<>();
    fields.put(type, byName);
    for (FieldDescriptor field : type.getFields()) {
      byName.put(field.getJsonName(), field);
      byName.put(field.getName(), field);
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        index(field.getMessageType());
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static BodyRejectedException malformed(JsonParser p, String message) {
    var location = p.currentLocation();
    return BodyRejectedException.malformed(
        "invalid OTLP JSON: "
            + message
            + (location == null ? "" : " (at offset " + location.getByteOffset() + ")"));
  }
}
