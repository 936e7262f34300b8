package io.lumina.ingestion.security;

import io.lumina.security.Requirement;
import io.lumina.service.security.AccessPolicy;
import org.springframework.stereotype.Component;

/**
 * Everything the ingestion service serves beyond the actuator ({@code /v1/traces}, {@code
 * /api/v2/spans}, on both ports) needs an ingest (or admin) key.
 */
@Component
final class IngestionAccessPolicy implements AccessPolicy {
  @Override
  public Requirement of(String method, String path, boolean corsPreflight) {
    return Requirement.INGEST;
  }
}
