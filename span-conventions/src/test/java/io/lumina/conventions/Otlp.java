package io.lumina.conventions;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/** Builds OTLP protobuf spans the way instrumentation libraries emit them. */
public final class Otlp {
  private Otlp() {}

  public static KeyValue attr(String key, Object value) {
    return KeyValue.newBuilder().setKey(key).setValue(value(value)).build();
  }

  public static AnyValue value(Object value) {
    return switch (value) {
      case String s -> AnyValue.newBuilder().setStringValue(s).build();
      case Integer i -> AnyValue.newBuilder().setIntValue(i).build();
      case Long l -> AnyValue.newBuilder().setIntValue(l).build();
      case Double d -> AnyValue.newBuilder().setDoubleValue(d).build();
      case Boolean b -> AnyValue.newBuilder().setBoolValue(b).build();
      case AnyValue v -> v;
      default -> throw new IllegalArgumentException("unsupported " + value);
    };
  }

  public static AnyValue array(Object... values) {
    ArrayValue.Builder a = ArrayValue.newBuilder();
    for (Object v : values) {
      a.addValues(value(v));
    }
    return AnyValue.newBuilder().setArrayValue(a).build();
  }

  public static AnyValue kvlist(KeyValue... values) {
    return AnyValue.newBuilder()
        .setKvlistValue(KeyValueList.newBuilder().addAllValues(java.util.List.of(values)))
        .build();
  }

  public static Span.Event event(String name, KeyValue... attributes) {
    return Span.Event.newBuilder()
        .setName(name)
        .setTimeUnixNano(1_700_000_000_000_000_000L)
        .addAllAttributes(java.util.List.of(attributes))
        .build();
  }

  public static Span.Builder span(String name, KeyValue... attributes) {
    return Span.newBuilder()
        .setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .setStartTimeUnixNano(1_700_000_000_000_000_000L)
        .setEndTimeUnixNano(1_700_000_001_500_000_000L)
        .addAllAttributes(java.util.List.of(attributes));
  }

  public static Span.Builder error(Span.Builder span) {
    return span.setStatus(
        Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
  }

  public static Resource resource(KeyValue... attributes) {
    return Resource.newBuilder().addAllAttributes(java.util.List.of(attributes)).build();
  }

  public static Resource service(String name) {
    return resource(attr("service.name", name), attr("telemetry.sdk.language", "python"));
  }
}
