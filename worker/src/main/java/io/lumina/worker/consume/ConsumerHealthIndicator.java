package io.lumina.worker.consume;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code consumers} in {@code /actuator/health}: DOWN while no consuming thread runs (all died and
 * wait for their replacement), so a worker that stores nothing is not reported healthy; UP with the
 * count otherwise.
 */
@Component("consumers")
class ConsumerHealthIndicator implements HealthIndicator {
  private final SpanConsumerLoop loop;

  ConsumerHealthIndicator(SpanConsumerLoop loop) {
    this.loop = loop;
  }

  @Override
  public Health health() {
    int alive = loop.aliveConsumers();
    int configured = loop.configuredConsumers();
    Health.Builder health = loop.isRunning() && alive == 0 ? Health.down() : Health.up();
    return health.withDetail("alive", alive).withDetail("configured", configured).build();
  }
}
