package io.lumina.worker;

import io.lumina.testing.OtlpSpans;
import io.lumina.wire.SpanBatch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.List;

/**
 * Builds OTLP spans ({@link OtlpSpans}) and queue messages for the worker's tests and benchmark.
 */
public final class Otlp {

  private Otlp() {}

  public static String randomTraceId() {
    return OtlpSpans.randomTraceId();
  }

  public static String randomSpanId() {
    return OtlpSpans.randomSpanId();
  }

  /** A plain span; {@code parent} null for a root. */
  public static Span.Builder span(
      String traceId,
      String spanId,
      String parent,
      String name,
      Instant start,
      long durationMillis) {
    return OtlpSpans.span(traceId, spanId, parent, name, start, durationMillis);
  }

  /** An OTel GenAI chat span with tokens ({@link OtlpSpans#llmSpan}). */
  public static Span.Builder llmSpan(
      String traceId,
      String spanId,
      String parent,
      Instant start,
      String model,
      long inputTokens,
      long outputTokens) {
    return OtlpSpans.llmSpan(traceId, spanId, parent, start, model, inputTokens, outputTokens);
  }

  public static Span.Builder error(Span.Builder span) {
    return OtlpSpans.error(span);
  }

  public static byte[] request(String service, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(str("service.name", service)))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans)))
        .build()
        .toByteArray();
  }

  public static SpanBatch batch(String project, String service, List<Span> spans) {
    return SpanBatch.of(project, System.currentTimeMillis(), request(service, spans));
  }

  public static KeyValue str(String key, String value) {
    return OtlpSpans.str(key, value);
  }

  public static KeyValue num(String key, long value) {
    return OtlpSpans.num(key, value);
  }
}
