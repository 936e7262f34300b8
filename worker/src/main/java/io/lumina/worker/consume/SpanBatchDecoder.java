package io.lumina.worker.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lumina.conventions.SpanNormalizer;
import io.lumina.model.Cost;
import io.lumina.model.Ids;
import io.lumina.model.NormalizedSpan;
import io.lumina.pricing.CostCalculator;
import io.lumina.storage.spans.IncomingSpan;
import io.lumina.storage.spans.SpanCleaner;
import io.lumina.storage.spans.SpanCleaner.Cleaned;
import io.lumina.storage.spans.SpanCleaner.Rejected;
import io.lumina.wire.SpanBatch;
import io.lumina.worker.quality.InlineQualityScorer;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.store.RetentionProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Decodes a queued message, then normalizes, prices and samples every span in it. Spans that start
 * before the retention horizon are dropped here (retention would delete them at its next run
 * anyway, and storing them would re-create day partitions retention just dropped).
 *
 * <p>Every span is made to fit the span table on its own ({@link SpanCleaner}): a bad value is
 * cleaned, or its span alone is rejected, and both are counted by reason ({@code
 * lumina_worker_spans_cleaned_total}, {@code lumina_worker_spans_rejected_total}; see
 * docs/worker.md). A message is never failed for the content of one of its spans.
 */
@Component
public class SpanBatchDecoder {
  private static final Logger log = LoggerFactory.getLogger(SpanBatchDecoder.class);
  static final String UNKNOWN_SERVICE = "unknown_service";

  private final SpanNormalizer normalizer;
  private final CostCalculator costs;
  private final Sampler sampler;
  private final RetentionProperties retention;
  private final Clock clock;
  private final SpanCleaner cleaner = new SpanCleaner();
  private final InlineQualityScorer quality;
  private final Map<Cleaned, Counter> cleanedCounters = new EnumMap<>(Cleaned.class);
  private final Map<Rejected, Counter> rejectedCounters = new EnumMap<>(Rejected.class);

  /** A decoder whose clean and reject counts go nowhere (tools and tests). */
  public SpanBatchDecoder(
      SpanNormalizer normalizer,
      CostCalculator costs,
      Sampler sampler,
      RetentionProperties retention,
      Clock clock) {
    this(normalizer, costs, sampler, retention, clock, new SimpleMeterRegistry(), null);
  }

  @Autowired
  public SpanBatchDecoder(
      SpanNormalizer normalizer,
      CostCalculator costs,
      Sampler sampler,
      RetentionProperties retention,
      Clock clock,
      MeterRegistry meters,
      InlineQualityScorer quality) {
    this.normalizer = normalizer;
    this.quality = quality != null && quality.active() ? quality : null;
    this.costs = costs;
    this.sampler = sampler;
    this.retention = retention;
    this.clock = clock;
    for (Cleaned reason : Cleaned.values()) {
      cleanedCounters.put(
          reason,
          Counter.builder("lumina.worker.spans.cleaned")
              .tag("reason", reason.tag())
              .description("spans stored after a value was cleaned to fit, by reason")
              .register(meters));
    }
    for (Rejected reason : Rejected.values()) {
      rejectedCounters.put(
          reason,
          Counter.builder("lumina.worker.spans.rejected")
              .tag("reason", reason.tag())
              .description("spans not stored because a value cannot be stored, by reason")
              .register(meters));
    }
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
    long now = clock.millis() * 1_000_000L;
    List<IncomingSpan> out = new ArrayList<>();
    int sampledOut = 0;
    int expired = 0;
    EnumSet<Cleaned> ofResource = EnumSet.noneOf(Cleaned.class);
    EnumSet<Cleaned> cleaned = EnumSet.noneOf(Cleaned.class);
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Resource resource = rs.getResource();
      ofResource.clear();
      String service = cleaner.cleanName(serviceName(resource), ofResource);
      cleaner.checkResource(resource.getAttributesList(), ofResource);
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        String scope =
            ss.getScope().getName().isEmpty()
                ? null
                : cleaner.cleanText(ss.getScope().getName(), ofResource);
        for (Span received : ss.getSpansList()) {
          Rejected rejected = cleaner.check(received, now);
          if (rejected != null) {
            reject(batch, received, rejected);
            continue;
          }
          if (IncomingSpan.startDay(received.getStartTimeUnixNano()).isBefore(oldestKept)) {
            expired++;
            continue;
          }
          cleaned.clear();
          cleaned.addAll(ofResource);
          Span span = cleaner.clean(received, cleaned);
          NormalizedSpan normalized;
          try {
            normalized = cleaner.clean(normalizer.normalize(resource, span), cleaned);
          } catch (RuntimeException e) {
            log.debug("cannot normalize span {}", Ids.hex(span.getSpanId()), e);
            reject(batch, span, Rejected.UNREADABLE);
            continue;
          }
          Cost cost = costs.price(batch.projectId(), normalized);
          if (!cleaner.fits(cost)) {
            cleaned.add(Cleaned.COST_OUT_OF_RANGE);
            normalized = cleaner.withoutDeclaredPrices(normalized);
            cost = costs.price(batch.projectId(), normalized);
            if (!cleaner.fits(cost)) {
              reject(batch, span, Rejected.COST_OUT_OF_RANGE);
              continue;
            }
          }
          if (!sampler.keep(service, Ids.hex(span.getTraceId()), normalized, cost)) {
            sampledOut++;
            continue;
          }
          for (Cleaned reason : cleaned) {
            cleanedCounters.get(reason).increment();
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
    if (quality != null) {
      try {
        out = quality.score(batch.projectId(), out);
      } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
        throw new DatabaseUnavailableException("quality baselines unavailable", e);
      } catch (DataAccessException e) {
        // stored unscored: the scoring loop scores them later, scoring never costs a span
        log.warn("cannot score message {} before the insert: {}", batch.messageId(), e.toString());
      }
    }
    return new Decoded(out, sampledOut, expired);
  }

  private void reject(SpanBatch batch, Span span, Rejected reason) {
    rejectedCounters.get(reason).increment();
    log.debug(
        "span {} of message {} not stored: {}",
        Ids.hex(span.getSpanId()),
        batch.messageId(),
        reason.tag());
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
