package io.lumina.replay.security;

import io.lumina.security.Requirement;
import java.util.Locale;

/**
 * What each request of the replay engine needs. Read keys see replay sets, runs and diffs
 * (GET/HEAD); creating sets and starting runs spends money at LLM providers and copies project
 * data, so it needs an admin key of the project. Metrics cover every project and need a key of the
 * default project.
 */
final class AccessPolicy {
  private AccessPolicy() {}

  /**
   * @return the requirement, or null for requests that need no key (health, CORS preflight)
   */
  static Requirement of(String method, String path, boolean corsPreflight) {
    if (path.equals("/actuator/health") || path.startsWith("/actuator/health/") || corsPreflight) {
      return null;
    }
    if (path.toLowerCase(Locale.ROOT).startsWith("/actuator")) {
      return Requirement.PLATFORM_READ;
    }
    return switch (method) {
      case "GET", "HEAD", "OPTIONS" -> Requirement.READ;
      default -> Requirement.ADMIN;
    };
  }
}
