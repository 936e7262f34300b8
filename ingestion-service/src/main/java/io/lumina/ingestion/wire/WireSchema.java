package io.lumina.ingestion.wire;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * What the scanner needs to know about one message type, by field number, taken from the generated
 * descriptors: which wire type each field must have and whether its bytes must be UTF-8. Fields the
 * scanner does not read itself are still checked against it, so everything the worker's protobuf
 * parser would refuse (invalid UTF-8 in any string, nesting too deep) is refused here.
 */
final class WireSchema {
  static final byte UNKNOWN = 0;
  static final byte VARINT = 1;
  static final byte FIXED64 = 2;
  static final byte FIXED32 = 3;
  static final byte STRING = 4;
  static final byte BYTES = 5;
  static final byte MESSAGE = 6;

  private final String name;
  private byte[] kinds = new byte[0];
  private boolean[] repeated = new boolean[0];
  private WireSchema[] children = new WireSchema[0];

  private WireSchema(String name) {
    this.name = name;
  }

  static WireSchema of(Descriptor descriptor) {
    return of(descriptor, new HashMap<>());
  }

  private static WireSchema of(Descriptor descriptor, Map<Descriptor, WireSchema> seen) {
    WireSchema known = seen.get(descriptor);
    if (known != null) {
      return known;
    }
    WireSchema schema = new WireSchema(descriptor.getFullName());
    seen.put(
        descriptor, schema); // before the fields: AnyValue and KeyValueList refer to each other
    int max = descriptor.getFields().stream().mapToInt(FieldDescriptor::getNumber).max().orElse(0);
    schema.kinds = new byte[max + 1];
    schema.repeated = new boolean[max + 1];
    schema.children = new WireSchema[max + 1];
    for (FieldDescriptor field : descriptor.getFields()) {
      int n = field.getNumber();
      schema.repeated[n] = field.isRepeated();
      schema.kinds[n] =
          switch (field.getType()) {
            case INT32, INT64, UINT32, UINT64, SINT32, SINT64, BOOL, ENUM -> VARINT;
            case FIXED64, SFIXED64, DOUBLE -> FIXED64;
            case FIXED32, SFIXED32, FLOAT -> FIXED32;
            case STRING -> STRING;
            case BYTES -> BYTES;
            case MESSAGE -> MESSAGE;
            case GROUP -> UNKNOWN; // proto3 has no groups; skipped like an unknown field
          };
      if (field.getType() == FieldDescriptor.Type.MESSAGE) {
        schema.children[n] = of(field.getMessageType(), seen);
      }
    }
    return schema;
  }

  byte kind(int field) {
    return field < kinds.length ? kinds[field] : UNKNOWN;
  }

  boolean repeated(int field) {
    return field < repeated.length && repeated[field];
  }

  WireSchema child(int field) {
    return children[field];
  }

  /** The field of {@code name} with number {@code field}, for checks at start-up. */
  WireSchema child(int field, String expected) {
    WireSchema child = field < children.length ? children[field] : null;
    if (child == null || !child.name.equals(expected)) {
      throw new IllegalStateException(name + " field " + field + " is not " + expected);
    }
    return child;
  }

  /** Fails at start-up, not on the first request, if the OTLP schema ever renumbers a field. */
  void require(int field, byte kind) {
    if (kind(field) != kind) {
      throw new IllegalStateException(name + " field " + field + " is not of the expected type");
    }
  }

  static int wireType(byte kind) {
    return switch (kind) {
      case VARINT -> WireFormat.WIRETYPE_VARINT;
      case FIXED64 -> WireFormat.WIRETYPE_FIXED64;
      case FIXED32 -> WireFormat.WIRETYPE_FIXED32;
      case STRING, BYTES, MESSAGE -> WireFormat.WIRETYPE_LENGTH_DELIMITED;
      default -> -1;
    };
  }
}
