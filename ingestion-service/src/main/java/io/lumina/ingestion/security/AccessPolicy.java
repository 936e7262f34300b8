package io.lumina.ingestion.security;

import io.lumina.security.Requirement;
import java.util.Locale;

/**
 * What each request of the ingestion service needs: an ingest (or admin) key for everything but
 * health; metrics cover every project and need a key of the default project.
 */
final class AccessPolicy {
  private AccessPolicy() {}

  /**
   * @return the requirement, or null for health, which needs no key
   */
  static Requirement of(String path) {
    if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
      return null;
    }
    if (path.toLowerCase(Locale.ROOT).startsWith("/actuator")) {
      return Requirement.PLATFORM_READ;
    }
    return Requirement.INGEST;
  }
}
