package io.lumina.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/analytics/latency}: percentiles in milliseconds per group (and time bucket). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LatencyReport(
    Instant from, Instant to, String groupBy, String interval, List<Group> groups) {

  public LatencyReport {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Group(
      String key,
      Instant time,
      long spanCount,
      double p50,
      double p95,
      double p99,
      double avg,
      double max) {}
}
