package io.lumina.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/analytics/cost}: totals, groups (highest cost first) and a time series (oldest
 * first).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CostReport(
    Instant from,
    Instant to,
    String groupBy,
    String interval,
    String currency,
    Bucket totals,
    List<Bucket> groups,
    List<Bucket> series) {

  public CostReport {
    groups = groups == null ? List.of() : List.copyOf(groups);
    series = series == null ? List.of() : List.copyOf(series);
  }
}
