package io.lumina.ingestion.config;

import io.lumina.queue.QueueHealth;
import io.lumina.queue.SpanQueue;
import io.lumina.queue.jetstream.JetStreamConnections;
import io.lumina.queue.jetstream.JetStreamSpanQueue;
import io.lumina.queue.postgres.PostgresSpanQueue;
import io.nats.client.Connection;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The span queue ingestion publishes to, chosen by {@code lumina.queue.type}: {@code jetstream}
 * (default) or {@code postgres}, the table-backed queue of the all-in-one mode without NATS
 * (docs/decisions/0005-postgres-queue-for-all-in-one.md).
 */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {
  /** Largest message of the table-backed queue; requests are split below it as for JetStream. */
  private static final int POSTGRES_QUEUE_MAX_PAYLOAD = 4 * 1024 * 1024;

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "lumina.queue.type",
      havingValue = "jetstream",
      matchIfMissing = true)
  static class JetStreamQueue {
    @Bean(destroyMethod = "close")
    Connection natsConnection(NatsProperties nats) {
      return JetStreamConnections.connect(nats.toSettings(), "lumina-ingestion");
    }

    @Bean
    SpanQueue spanQueue(Connection natsConnection, NatsProperties nats) {
      return new JetStreamSpanQueue(natsConnection, nats.toSettings());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "lumina.queue.type", havingValue = "postgres")
  static class PostgresQueue {
    @Bean
    SpanQueue spanQueue(DataSource dataSource) {
      // The ack wait only matters to consumers; publishing ignores it.
      return new PostgresSpanQueue(dataSource, Duration.ofSeconds(30), POSTGRES_QUEUE_MAX_PAYLOAD);
    }
  }

  @Bean
  HealthIndicator queueHealthIndicator(SpanQueue queue) {
    return () -> {
      QueueHealth health = queue.check();
      return (health.up() ? Health.up() : Health.down())
          .withDetail("queue", health.detail())
          .build();
    };
  }
}
