package io.lumina.replay.providers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code replayProviders}: the configured providers and their
 * configuration checks. A provider outage does not make the engine unhealthy (runs record failed
 * items), so this reports DOWN only when no provider is configured at all.
 */
@Component("replayProviders")
class ProvidersHealthIndicator implements HealthIndicator {
  private final LlmProviders providers;

  ProvidersHealthIndicator(LlmProviders providers) {
    this.providers = providers;
  }

  @Override
  public Health health() {
    Health.Builder health =
        providers.all().isEmpty()
            ? Health.down().withDetail("reason", "no provider configured")
            : Health.up();
    for (LlmProvider p : providers.all()) {
      health.withDetail(p.name(), p.check().detail());
    }
    return health.build();
  }
}
