package io.lumina.worker;

import io.lumina.testing.OtlpSpans;
import io.lumina.wire.SpanBatch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/** Queue messages of OTLP spans ({@link OtlpSpans}) for the worker's tests. */
public final class Otlp {

  private Otlp() {}

  public static byte[] request(String service, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder().addAttributes(OtlpSpans.str("service.name", service)))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans)))
        .build()
        .toByteArray();
  }

  public static SpanBatch batch(String project, String service, List<Span> spans) {
    return SpanBatch.of(project, System.currentTimeMillis(), request(service, spans));
  }
}
