package io.lumina.storage;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.model.NormalizedSpan;
import io.lumina.pricing.CostCalculator;
import io.lumina.storage.spans.IncomingSpan;
import io.lumina.storage.spans.PostgresSpanPartitions;
import io.lumina.storage.spans.PostgresSpanWriter;
import io.lumina.testing.OtlpSpans;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Spans on their way to the writer as the worker hands them over: normalized and priced. */
public final class StoredSpans {
  private static final SpanNormalizer NORMALIZER = new SpanNormalizer();
  private static final CostCalculator CATALOG = CostCalculator.withBundledCatalog();

  private StoredSpans() {}

  /** A writer on {@code dataSource} with partitions of its own. */
  public static PostgresSpanWriter writer(DataSource dataSource) {
    return new PostgresSpanWriter(
        dataSource, new PostgresSpanPartitions(dataSource), new SimpleMeterRegistry());
  }

  /** The spans of one service, priced with the bundled catalog. */
  public static List<IncomingSpan> of(String project, String service, Span... spans) {
    return of(CATALOG, project, service, spans);
  }

  /**
   * Every span of an OTLP request as exported (a recorded fixture), with its own resource and
   * service, priced with the bundled catalog.
   */
  public static List<IncomingSpan> of(String project, ExportTraceServiceRequest request) {
    List<IncomingSpan> out = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      String service =
          rs.getResource().getAttributesList().stream()
              .filter(a -> a.getKey().equals("service.name"))
              .map(a -> a.getValue().getStringValue())
              .findFirst()
              .orElse("unknown_service");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          NormalizedSpan normalized = NORMALIZER.normalize(rs.getResource(), span);
          out.add(
              new IncomingSpan(
                  project,
                  System.currentTimeMillis(),
                  rs.getResource(),
                  service,
                  ss.getScope().getName(),
                  span,
                  normalized,
                  CATALOG.price(project, normalized)));
        }
      }
    }
    return out;
  }

  public static List<IncomingSpan> of(
      CostCalculator costs, String project, String service, Span... spans) {
    Resource resource =
        Resource.newBuilder().addAttributes(OtlpSpans.str("service.name", service)).build();
    List<IncomingSpan> out = new ArrayList<>(spans.length);
    for (Span span : spans) {
      NormalizedSpan normalized = NORMALIZER.normalize(resource, span);
      out.add(
          new IncomingSpan(
              project,
              System.currentTimeMillis(),
              resource,
              service,
              null,
              span,
              normalized,
              costs.price(project, normalized)));
    }
    return out;
  }
}
