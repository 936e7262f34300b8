package io.lumina.worker.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lumina.conventions.SpanNormalizer;
import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.pricing.CostCalculator;
import io.lumina.wire.SpanBatch;
import io.lumina.worker.store.IncomingSpan;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.springframework.stereotype.Component;

/** Decodes a queued batch, then normalizes and prices every span in it. */
@Component
class SpanBatchDecoder {
  static final String UNKNOWN_SERVICE = "unknown_service";

  private final SpanNormalizer normalizer;
  private final CostCalculator costs;

  SpanBatchDecoder(SpanNormalizer normalizer, CostCalculator costs) {
    this.normalizer = normalizer;
    this.costs = costs;
  }

  /** Adds the batch's spans to {@code out}; throws {@link PoisonMessageException} if it cannot be read. */
  void decode(SpanBatch batch, List<IncomingSpan> out) {
    if (batch.projectId().isEmpty()) {
      throw new PoisonMessageException("message has no Lumina-Project header");
    }
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(batch.payload());
    } catch (InvalidProtocolBufferException e) {
      throw new PoisonMessageException("payload is not an OTLP ExportTraceServiceRequest: " + e.getMessage());
    }
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Resource resource = rs.getResource();
      String service = serviceName(resource);
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        String scope = ss.getScope().getName().isEmpty() ? null : ss.getScope().getName();
        for (Span span : ss.getSpansList()) {
          NormalizedSpan normalized = normalizer.normalize(resource, span);
          Cost cost = costs.price(batch.projectId(), normalized);
          out.add(new IncomingSpan(batch.projectId(), batch.receivedAtMillis(), resource, service, scope,
              span, normalized, cost));
        }
      }
    }
  }

  private static String serviceName(Resource resource) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()
          && !kv.getValue().getStringValue().isBlank()) {
        return kv.getValue().getStringValue();
      }
    }
    return UNKNOWN_SERVICE;
  }
}
