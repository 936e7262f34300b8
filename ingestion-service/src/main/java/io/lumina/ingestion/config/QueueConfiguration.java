package io.lumina.ingestion.config;

import io.lumina.queue.QueueHealth;
import io.lumina.queue.SpanQueue;
import io.lumina.queue.jetstream.JetStreamConnections;
import io.lumina.queue.jetstream.JetStreamSpanQueue;
import io.nats.client.Connection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The span queue ingestion publishes to: JetStream unless another {@link SpanQueue} is provided. */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(SpanQueue.class)
  Connection natsConnection(NatsProperties nats) {
    return JetStreamConnections.connect(nats.toSettings(), "lumina-ingestion");
  }

  @Bean
  @ConditionalOnMissingBean(SpanQueue.class)
  SpanQueue spanQueue(Connection natsConnection, NatsProperties nats) {
    return new JetStreamSpanQueue(natsConnection, nats.toSettings());
  }

  @Bean
  HealthIndicator queueHealthIndicator(SpanQueue queue) {
    return () -> {
      QueueHealth health = queue.check();
      return (health.up() ? Health.up() : Health.down()).withDetail("queue", health.detail()).build();
    };
  }
}
