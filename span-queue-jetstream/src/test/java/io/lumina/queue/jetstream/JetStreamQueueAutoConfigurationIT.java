package io.lumina.queue.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.queue.SpanQueue;
import io.lumina.queue.SpanQueueClient;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.queue.autoconfigure.SpanQueueHealthAutoConfiguration;
import io.lumina.queue.jetstream.autoconfigure.JetStreamQueueAutoConfiguration;
import io.lumina.testing.TestNats;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the auto-configuration gives a service, on this machine's NATS under this JVM's prefix: a
 * queue to a producer, the shared durable to a consumer, nothing (not even a connection) to a
 * service that is neither, every name under {@code lumina.nats.prefix}.
 */
class JetStreamQueueAutoConfigurationIT {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  JetStreamQueueAutoConfiguration.class, SpanQueueHealthAutoConfiguration.class))
          .withPropertyValues("lumina.nats.url=" + TestNats.shared().url());

  @Test
  void aServiceThatNeitherPublishesNorConsumesOpensNoConnection() {
    runner.run(
        context ->
            assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(Connection.class)
                .doesNotHaveBean(SpanQueue.class)
                .doesNotHaveBean(SpanQueueConsumer.class)
                .doesNotHaveBean(HealthIndicator.class));
  }

  @Test
  void aProducerGetsAQueueOnTheStreamUnderItsPrefix() {
    String prefix = TestNats.shared().newPrefix();
    runner
        .withPropertyValues("lumina.nats.prefix=" + prefix)
        .withBean(SpanQueueClient.Producer.class, () -> new SpanQueueClient.Producer("producer-it"))
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(SpanQueue.class)
                  .doesNotHaveBean(SpanQueueConsumer.class)
                  .hasBean("queueHealthIndicator");
              assertThat(context.getBean(SpanQueue.class).check().up()).isTrue();
              assertThat(context.getBean(Connection.class).getOptions().getConnectionName())
                  .isEqualTo("producer-it");
              try (Connection nats = TestNats.shared().connect()) {
                StreamInfo stream =
                    nats.jetStreamManagement().getStreamInfo(prefix + "LUMINA_SPANS");
                assertThat(stream.getConfiguration().getSubjects())
                    .containsExactly(prefix + "lumina.spans");
                assertThat(stream.getConfiguration().getRetentionPolicy())
                    .isEqualTo(RetentionPolicy.WorkQueue);
                StreamInfo dead =
                    nats.jetStreamManagement().getStreamInfo(prefix + "LUMINA_DEAD_LETTERS");
                assertThat(dead.getConfiguration().getSubjects())
                    .containsExactly(prefix + "lumina.spans.dead");
                assertThat(dead.getConfiguration().getMaxAge()).isEqualTo(Duration.ofDays(30));
                assertThat(dead.getConfiguration().getMaxBytes()).isEqualTo(1L << 30);
              }
            });
  }

  @Test
  void aConsumerGetsTheSharedDurableUnderItsPrefixWithItsAckWaitAndLimit() {
    String prefix = TestNats.shared().newPrefix();
    runner
        .withPropertyValues("lumina.nats.prefix=" + prefix)
        .withBean(
            SpanQueueClient.Consumer.class,
            () ->
                new SpanQueueClient.Consumer("consumer-it", "workers", Duration.ofSeconds(7), 123))
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(SpanQueueConsumer.class)
                  .doesNotHaveBean(SpanQueue.class)
                  .hasBean("natsHealthIndicator");
              assertThat(context.getBean(SpanQueueConsumer.class).check().up()).isTrue();
              try (Connection nats = TestNats.shared().connect()) {
                ConsumerInfo consumer =
                    nats.jetStreamManagement()
                        .getConsumerInfo(prefix + "LUMINA_SPANS", prefix + "workers");
                assertThat(consumer.getConsumerConfiguration().getAckWait())
                    .isEqualTo(Duration.ofSeconds(7));
                assertThat(consumer.getConsumerConfiguration().getMaxAckPending()).isEqualTo(123);
                assertThat(consumer.getConsumerConfiguration().getFilterSubject())
                    .isEqualTo(prefix + "lumina.spans");
              }
            });
  }

  @Test
  void theTableQueueLeavesNatsAlone() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JetStreamQueueAutoConfiguration.class))
        .withPropertyValues("lumina.queue.type=postgres")
        .withBean(SpanQueueClient.Producer.class, () -> new SpanQueueClient.Producer("producer-it"))
        .run(context -> assertThat(context).doesNotHaveBean(Connection.class));
  }

  @Test
  void aPrefixNoStreamNameCouldCarryStopsTheStart() {
    runner
        .withPropertyValues("lumina.nats.prefix=team.a")
        .withBean(SpanQueueClient.Producer.class, () -> new SpanQueueClient.Producer("producer-it"))
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("lumina.nats.prefix may hold only letters"));
  }
}
