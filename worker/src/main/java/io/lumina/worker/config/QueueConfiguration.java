package io.lumina.worker.config;

import io.lumina.queue.QueueHealth;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.queue.jetstream.JetStreamConnections;
import io.lumina.queue.jetstream.JetStreamSpanConsumer;
import io.lumina.queue.postgres.PostgresSpanQueue;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The queue the worker consumes, chosen by {@code lumina.queue.type}: {@code jetstream} (default),
 * a durable consumer shared by every replica, or {@code postgres}, the table-backed queue of the
 * all-in-one mode without NATS (docs/decisions/0005-postgres-queue-for-all-in-one.md).
 */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "lumina.queue.type", havingValue = "postgres")
  static class PostgresQueue {
    @Bean
    SpanQueueConsumer spanQueueConsumer(DataSource dataSource, WorkerProperties worker) {
      return new PostgresSpanQueue(dataSource, worker.ackWait(), Integer.MAX_VALUE);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "lumina.queue.type",
      havingValue = "jetstream",
      matchIfMissing = true)
  static class JetStreamQueue {

    /** Closed by {@link #natsConnectionCloser}, which flushes the last acks first. */
    @Bean(destroyMethod = "")
    Connection natsConnection(NatsProperties nats) {
      return JetStreamConnections.connect(nats.toSettings(), "lumina-worker");
    }

    /**
     * Acks are sent asynchronously; flushing before closing makes a graceful shutdown acknowledge
     * the batch it just committed instead of leaving it for redelivery (harmless, but wasted work).
     */
    @Bean
    DisposableBean natsConnectionCloser(Connection natsConnection) {
      return () -> {
        try {
          natsConnection.flush(Duration.ofSeconds(2));
        } catch (TimeoutException | IllegalStateException e) {
          // Not connected: nothing can be flushed; unacked messages are redelivered.
        } finally {
          natsConnection.close();
        }
      };
    }

    @Bean
    SpanQueueConsumer spanQueueConsumer(
        Connection natsConnection, NatsProperties nats, WorkerProperties worker) {
      // Enough in flight for every consuming thread's batch, with room for the ones being retried.
      return new JetStreamSpanConsumer(
          natsConnection,
          nats.toSettings(),
          worker.durableName(),
          worker.ackWait(),
          Math.max(1000, worker.batchSize() * worker.consumers() * 4));
    }
  }

  /** Health component "nats": the connection and the durable consumer. PostgreSQL is "db". */
  @Bean
  HealthIndicator natsHealthIndicator(SpanQueueConsumer consumer) {
    return () -> {
      QueueHealth health = consumer.check();
      return (health.up() ? Health.up() : Health.down())
          .withDetail("queue", health.detail())
          .build();
    };
  }
}
