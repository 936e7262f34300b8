package io.lumina.queue.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.queue.DeadLetterStore;
import io.lumina.queue.SpanQueue;
import io.lumina.queue.SpanQueueClient;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.queue.autoconfigure.SpanQueueHealthAutoConfiguration;
import io.lumina.queue.postgres.autoconfigure.PostgresQueueAutoConfiguration;
import io.lumina.testing.TestDatabase;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the auto-configuration gives a service when {@code lumina.queue.type=postgres}: the table
 * queue to a producer (with its message limit) and to a consumer, nothing to a service that is
 * neither, and nothing at all while the type is JetStream.
 */
class PostgresQueueAutoConfigurationIT {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  PostgresQueueAutoConfiguration.class, SpanQueueHealthAutoConfiguration.class))
          .withBean(DataSource.class, () -> TestDatabase.shared().migrate().dataSource())
          .withPropertyValues("lumina.queue.type=postgres");

  @Test
  void aServiceThatNeitherPublishesNorConsumesGetsNoQueue() {
    runner.run(
        context ->
            assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(SpanQueue.class)
                .doesNotHaveBean(SpanQueueConsumer.class)
                .doesNotHaveBean(HealthIndicator.class));
  }

  @Test
  void aProducerGetsTheTableWithItsMessageLimit() {
    runner
        .withPropertyValues("lumina.queue.postgres.max-payload=2MB")
        .withBean(SpanQueueClient.Producer.class, () -> new SpanQueueClient.Producer("producer-it"))
        .run(
            context -> {
              assertThat(context).hasSingleBean(SpanQueue.class).hasBean("queueHealthIndicator");
              assertThat(context.getBean(SpanQueue.class).maxPayloadBytes())
                  .isEqualTo(2 * 1024 * 1024);
              assertThat(context.getBean(SpanQueue.class).check().up()).isTrue();
            });
  }

  @Test
  void aConsumerGetsTheTable() {
    runner
        .withBean(
            SpanQueueClient.Consumer.class,
            () ->
                new SpanQueueClient.Consumer("consumer-it", "workers", Duration.ofSeconds(5), 100))
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(SpanQueueConsumer.class)
                  .hasSingleBean(DeadLetterStore.class)
                  .hasBean("natsHealthIndicator");
              assertThat(context.getBean(SpanQueueConsumer.class).check().up()).isTrue();
            });
  }

  @Test
  void jetStreamIsTheDefault() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PostgresQueueAutoConfiguration.class))
        .withBean(DataSource.class, () -> TestDatabase.shared().dataSource())
        .withBean(SpanQueueClient.Producer.class, () -> new SpanQueueClient.Producer("producer-it"))
        .run(context -> assertThat(context).doesNotHaveBean(SpanQueue.class));
  }
}
