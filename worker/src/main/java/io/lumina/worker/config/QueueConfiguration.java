package io.lumina.worker.config;

import io.lumina.queue.QueueHealth;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.queue.jetstream.JetStreamConnections;
import io.lumina.queue.jetstream.JetStreamSpanConsumer;
import io.nats.client.Connection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The queue the worker consumes: a shared durable JetStream consumer unless another is provided. */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(SpanQueueConsumer.class)
  Connection natsConnection(NatsProperties nats) {
    return JetStreamConnections.connect(nats.toSettings(), "lumina-worker");
  }

  @Bean
  @ConditionalOnMissingBean(SpanQueueConsumer.class)
  SpanQueueConsumer spanQueueConsumer(Connection natsConnection, NatsProperties nats, WorkerProperties worker) {
    return new JetStreamSpanConsumer(natsConnection, nats.toSettings(), worker.durableName(),
        worker.ackWait(), Math.max(1000, worker.batchSize() * worker.consumers() * 4));
  }

  @Bean
  HealthIndicator queueHealthIndicator(SpanQueueConsumer consumer) {
    return () -> {
      QueueHealth health = consumer.check();
      return (health.up() ? Health.up() : Health.down()).withDetail("queue", health.detail()).build();
    };
  }
}
