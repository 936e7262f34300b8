package io.lumina.ingestion.web;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import java.util.Set;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Leaves the span-receiving endpoints out of Spring's per-request HTTP server observation. Their
 * requests, statuses and durations are already counted by the ingest meters ({@code
 * lumina.ingest.requests}, {@code lumina.ingest.request.duration}), and the observation (its
 * context, tags and timer per request) was a tenth of ingestion's CPU under load. Every other
 * endpoint keeps its {@code http.server.requests} meter.
 */
public final class IngestObservationFilter implements ObservationPredicate {
  static final Set<String> INGEST_PATHS = Set.of("/v1/traces", "/api/v2/spans");

  @Override
  public boolean test(String name, Observation.Context context) {
    return !(context instanceof ServerRequestObservationContext request
        && request.getCarrier() != null
        && INGEST_PATHS.contains(request.getCarrier().getRequestURI()));
  }
}
