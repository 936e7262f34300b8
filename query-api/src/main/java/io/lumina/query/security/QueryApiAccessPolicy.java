package io.lumina.query.security;

import io.lumina.security.Requirement;
import io.lumina.service.security.AccessPolicy;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * What each request of the query API needs. Read keys read (GET/HEAD); everything that changes
 * state (pricing overrides, alert rules, acknowledging alerts, webhooks, re-pricing) needs an admin
 * key of the project; {@code /api/admin/**} needs an admin key (cross-project actions are checked
 * again by {@link AdminController}); a CORS preflight needs none. The actuator's rules are the
 * shared filter's.
 */
@Component
final class QueryApiAccessPolicy implements AccessPolicy {

  @Override
  public Requirement of(String method, String path, boolean corsPreflight) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (!corsPreflight && lower.startsWith("/api/admin")) {
      return Requirement.ADMIN;
    }
    if (!corsPreflight && lower.equals(WhoAmIController.PATH)) {
      return Requirement.ANY_KEY;
    }
    return READ_OR_ADMIN.of(method, path, corsPreflight);
  }
}
