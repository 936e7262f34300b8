package io.lumina.ingestion.security;

import io.lumina.ingestion.auth.ProjectResolver;
import io.lumina.security.Decision;
import io.lumina.security.Gatekeeper;
import io.lumina.security.Requirement;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The ingestion service's key seam ({@link ProjectResolver}) backed by the API keys in PostgreSQL.
 * A component (not a {@code @Bean} method) so that it is registered while packages are scanned,
 * before the {@code @ConditionalOnMissingBean} default of {@code IngestionConfiguration} is
 * considered, which then steps aside. Requests reach it only after {@link ApiKeyFilter} let them
 * through, so the lookup is a cache hit and the rate limit is not applied a second time.
 */
@Component
@Primary
final class KeyStoreProjectResolver implements ProjectResolver {
  private final Gatekeeper gatekeeper;

  KeyStoreProjectResolver(Gatekeeper gatekeeper) {
    this.gatekeeper = gatekeeper;
  }

  @Override
  public Resolution resolve(String apiKey) {
    return switch (gatekeeper.check(null, apiKey, Requirement.INGEST)) {
      case Decision.Allowed allowed -> new Resolved(allowed.projectId());
      case Decision.Refused refused ->
          new Denied(refused.status(), refused.title() + ": " + refused.detail());
    };
  }

  @Override
  public boolean authenticationEnabled() {
    return gatekeeper.authenticationEnabled();
  }
}
