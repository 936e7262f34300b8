package io.lumina.worker.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lumina.conventions.SpanNormalizer;
import io.lumina.model.Cost;
import io.lumina.model.Ids;
import io.lumina.model.NormalizedSpan;
import io.lumina.pricing.CostCalculator;
import io.lumina.storage.spans.IncomingSpan;
import io.lumina.wire.SpanBatch;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.store.RetentionProperties;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Decodes a queued message, then normalizes, prices and samples every span in it. Spans that start
 * before the retention horizon are dropped here (retention would delete them at its next run
 * anyway, and storing them would re-create day partitions retention just dropped).
 */
@Component
public class SpanBatchDecoder {
  static final String UNKNOWN_SERVICE = "unknown_service";

  private final SpanNormalizer normalizer;
  private final CostCalculator costs;
  private final Sampler sampler;
  private final RetentionProperties retention;
  private final Clock clock;

  public SpanBatchDecoder(
      SpanNormalizer normalizer,
      CostCalculator costs,
      Sampler sampler,
      RetentionProperties retention,
      Clock clock) {
    this.normalizer = normalizer;
    this.costs = costs;
    this.sampler = sampler;
    this.retention = retention;
    this.clock = clock;
  }

  /** What one message became: the spans to store, and how many were left out and why. */
  public record Decoded(List<IncomingSpan> spans, int sampledOut, int expired) {}

  /**
   * Decodes one message. Throws {@link PoisonMessageException} when it can never be read; any other
   * exception is a failure to understand its content that a redelivery might not repeat.
   */
  public Decoded decode(SpanBatch batch) {
    if (batch.projectId().isEmpty()) {
      throw new PoisonMessageException("message has no Lumina-Project header");
    }
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(batch.payload());
    } catch (InvalidProtocolBufferException e) {
      throw new PoisonMessageException(
          "payload is not an OTLP ExportTraceServiceRequest: " + e.getMessage());
    }
    LocalDate oldestKept =
        retention.keepsForever()
            ? LocalDate.MIN
            : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(retention.days());
    List<IncomingSpan> out = new ArrayList<>();
    int sampledOut = 0;
    int expired = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Resource resource = rs.getResource();
      String service = serviceName(resource);
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        String scope = ss.getScope().getName().isEmpty() ? null : ss.getScope().getName();
        for (Span span : ss.getSpansList()) {
          if (IncomingSpan.startDay(span.getStartTimeUnixNano()).isBefore(oldestKept)) {
            expired++;
            continue;
          }
          NormalizedSpan normalized = normalizer.normalize(resource, span);
          Cost cost = costs.price(batch.projectId(), normalized);
          if (!sampler.keep(service, Ids.hex(span.getTraceId()), normalized, cost)) {
            sampledOut++;
            continue;
          }
          out.add(
              new IncomingSpan(
                  batch.projectId(),
                  batch.receivedAtMillis(),
                  resource,
                  service,
                  scope,
                  span,
                  normalized,
                  cost));
        }
      }
    }
    return new Decoded(out, sampledOut, expired);
  }

  private static String serviceName(Resource resource) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals("service.name")
          && kv.getValue().hasStringValue()
          && !kv.getValue().getStringValue().isBlank()) {
        return kv.getValue().getStringValue();
      }
    }
    return UNKNOWN_SERVICE;
  }
}
