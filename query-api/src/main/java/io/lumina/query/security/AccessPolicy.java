package io.lumina.query.security;

import io.lumina.security.Requirement;
import java.util.Locale;

/**
 * What each request of the query API needs. Read keys read (GET/HEAD); everything that changes
 * state (pricing overrides, alert rules, acknowledging alerts, webhooks, re-pricing) needs an admin
 * key of the project; {@code /api/admin/**} needs an admin key (cross-project actions are checked
 * again by {@link AdminController}); metrics cover every project and need a key of the default
 * project.
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
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.startsWith("/actuator")) {
      return Requirement.PLATFORM_READ;
    }
    if (lower.startsWith("/api/admin")) {
      return Requirement.ADMIN;
    }
    if (lower.equals(WhoAmIController.PATH)) {
      return Requirement.ANY_KEY;
    }
    return switch (method) {
      case "GET", "HEAD", "OPTIONS" -> Requirement.READ;
      default -> Requirement.ADMIN;
    };
  }
}
