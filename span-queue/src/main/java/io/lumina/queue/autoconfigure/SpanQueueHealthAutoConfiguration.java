package io.lumina.queue.autoconfigure;

import io.lumina.queue.QueueHealth;
import io.lumina.queue.SpanQueue;
import io.lumina.queue.SpanQueueClient;
import io.lumina.queue.SpanQueueConsumer;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The span queue in {@code /actuator/health}, whichever backend serves it: component {@code queue}
 * in a service that publishes, {@code nats} in one that consumes (the worker's name for it since
 * the start, kept so probes and dashboards keep working).
 */
@AutoConfiguration
@ConditionalOnClass(HealthIndicator.class)
public class SpanQueueHealthAutoConfiguration {

  @Bean
  @ConditionalOnBean(SpanQueueClient.Producer.class)
  HealthIndicator queueHealthIndicator(SpanQueue queue) {
    return indicator(queue::check);
  }

  @Bean
  @ConditionalOnBean(SpanQueueClient.Consumer.class)
  HealthIndicator natsHealthIndicator(SpanQueueConsumer consumer) {
    return indicator(consumer::check);
  }

  private static HealthIndicator indicator(Supplier<QueueHealth> check) {
    return () -> {
      QueueHealth health = check.get();
      return (health.up() ? Health.up() : Health.down())
          .withDetail("queue", health.detail())
          .build();
    };
  }
}
