package io.lumina.query;

import io.lumina.model.Ids;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Builds OTLP requests with exactly the spans a test needs: ids, times, attributes, status. */
final class TestSpans {
  private TestSpans() {}

  record Span(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String service,
      Instant start,
      long durationMs,
      boolean error,
      Map<String, Object> attributes,
      Map<String, Object> resource) {

    Span child(String name, Instant start, long durationMs, Map<String, Object> attributes) {
      return new Span(
          traceId,
          TestSpans.spanId(),
          spanId,
          name,
          service,
          start,
          durationMs,
          false,
          attributes,
          Map.of());
    }

    Span withError() {
      return new Span(
          traceId,
          spanId,
          parentSpanId,
          name,
          service,
          start,
          durationMs,
          true,
          attributes,
          resource);
    }

    Span withResource(Map<String, Object> resourceAttributes) {
      return new Span(
          traceId,
          spanId,
          parentSpanId,
          name,
          service,
          start,
          durationMs,
          error,
          attributes,
          resourceAttributes);
    }
  }

  static Span root(
      String name, String service, Instant start, long durationMs, Map<String, Object> attributes) {
    return new Span(
        traceId(), spanId(), null, name, service, start, durationMs, false, attributes, Map.of());
  }

  /** An LLM call as a root span, in the OTel GenAI convention. */
  static Span llm(
      String service,
      String model,
      String provider,
      Instant start,
      long durationMs,
      long input,
      long output,
      Map<String, Object> extra) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("gen_ai.provider.name", provider);
    a.put("gen_ai.request.model", model);
    a.put("gen_ai.usage.input_tokens", input);
    a.put("gen_ai.usage.output_tokens", output);
    a.putAll(extra);
    return root("chat " + model, service, start, durationMs, a);
  }

  static String traceId() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1;
    return HexFormat.of().formatHex(b);
  }

  static String spanId() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1;
    return HexFormat.of().formatHex(b);
  }

  static ExportTraceServiceRequest request(Collection<Span> spans) {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    for (Span s : spans) {
      Resource.Builder resource =
          Resource.newBuilder().addAttributes(kv("service.name", s.service()));
      s.resource().forEach((k, v) -> resource.addAttributes(kv(k, v)));
      long startNanos = s.start().getEpochSecond() * 1_000_000_000L + s.start().getNano();
      io.opentelemetry.proto.trace.v1.Span.Builder span =
          io.opentelemetry.proto.trace.v1.Span.newBuilder()
              .setTraceId(Ids.fromHex(s.traceId()))
              .setSpanId(Ids.fromHex(s.spanId()))
              .setName(s.name())
              .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT)
              .setStartTimeUnixNano(startNanos)
              .setEndTimeUnixNano(startNanos + s.durationMs() * 1_000_000L);
      if (s.parentSpanId() != null) {
        span.setParentSpanId(Ids.fromHex(s.parentSpanId()));
      }
      if (s.error()) {
        span.setStatus(
            Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
      }
      s.attributes().forEach((k, v) -> span.addAttributes(kv(k, v)));
      request.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(resource)
              .addScopeSpans(
                  ScopeSpans.newBuilder()
                      .setScope(InstrumentationScope.newBuilder().setName("query-api-test"))
                      .addSpans(span)));
    }
    return request.build();
  }

  private static KeyValue kv(String key, Object value) {
    AnyValue.Builder v = AnyValue.newBuilder();
    switch (value) {
      case String s -> v.setStringValue(s);
      case Long l -> v.setIntValue(l);
      case Integer i -> v.setIntValue(i);
      case Double d -> v.setDoubleValue(d);
      case Boolean b -> v.setBoolValue(b);
      default -> throw new IllegalArgumentException("unsupported attribute value " + value);
    }
    return KeyValue.newBuilder().setKey(key).setValue(v).build();
  }
}
