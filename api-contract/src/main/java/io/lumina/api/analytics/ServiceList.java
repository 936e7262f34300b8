package io.lumina.api.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/services}: services that sent spans in the range, with volume and cost. */
public record ServiceList(Instant from, Instant to, List<Service> services) {

  public record Service(
      String name,
      long spanCount,
      long llmSpanCount,
      long errorCount,
      BigDecimal costUsd,
      long unpricedCount,
      Double avgLatencyMs) {

    public static Service of(Bucket b) {
      return new Service(
          b.key(),
          b.spanCount(),
          b.llmSpanCount(),
          b.errorCount(),
          b.costUsd(),
          b.unpricedCount(),
          b.avgLatencyMs());
    }
  }
}
