package io.lumina.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One row of the query API's trace list ({@code GET /api/traces}); unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TraceSummary(
    String traceId,
    String rootSpanId,
    String name,
    String service,
    Instant startTime,
    Instant endTime,
    double durationMs,
    int spanCount,
    int llmSpanCount,
    Long promptTokens,
    Long completionTokens,
    Long totalTokens,
    BigDecimal costUsd,
    int unpricedSpans,
    String status,
    List<String> models,
    String userId,
    String sessionId) {

  public TraceSummary {
    models = models == null ? List.of() : List.copyOf(models);
  }
}
