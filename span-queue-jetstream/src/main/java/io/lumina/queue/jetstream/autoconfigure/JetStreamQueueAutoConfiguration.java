package io.lumina.queue.jetstream.autoconfigure;

import io.lumina.queue.DeadLetterStore;
import io.lumina.queue.SpanQueue;
import io.lumina.queue.SpanQueueClient;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.queue.jetstream.JetStreamConnections;
import io.lumina.queue.jetstream.JetStreamDeadLetters;
import io.lumina.queue.jetstream.JetStreamSettings;
import io.lumina.queue.jetstream.JetStreamSpanConsumer;
import io.lumina.queue.jetstream.JetStreamSpanQueue;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The span queue on NATS JetStream, the default {@code lumina.queue.type}: one connection per
 * service, and the {@link SpanQueue} or {@link SpanQueueConsumer} for the {@link SpanQueueClient}
 * the service declares (nothing at all for a service that declares none).
 */
@AutoConfiguration
@ConditionalOnProperty(name = "lumina.queue.type", havingValue = "jetstream", matchIfMissing = true)
@ConditionalOnBean(SpanQueueClient.class)
@EnableConfigurationProperties(JetStreamSettings.class)
public class JetStreamQueueAutoConfiguration {

  /**
   * Also used by ingestion for the daily trace counts. Closed by {@link #natsConnectionCloser},
   * which flushes the last acknowledgements first.
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  Connection natsConnection(JetStreamSettings settings, List<SpanQueueClient> clients) {
    String name =
        clients.stream()
            .map(SpanQueueClient::clientName)
            .distinct()
            .collect(Collectors.joining(","));
    return JetStreamConnections.connect(settings, name);
  }

  /**
   * Acks are sent asynchronously; flushing before closing makes a graceful shutdown acknowledge the
   * batch just committed instead of leaving it for redelivery (harmless, but wasted work).
   */
  @Bean
  DisposableBean natsConnectionCloser(Connection natsConnection) {
    return () -> {
      try {
        natsConnection.flush(Duration.ofSeconds(2));
      } catch (TimeoutException | IllegalStateException e) {
        // Not connected: nothing can be flushed; unacknowledged messages are redelivered.
      } finally {
        natsConnection.close();
      }
    };
  }

  /**
   * Publishes over the service's connection and {@code lumina.nats.publish-connections - 1} more of
   * its own, which the queue closes.
   */
  @Bean
  @ConditionalOnBean(SpanQueueClient.Producer.class)
  @ConditionalOnMissingBean
  SpanQueue spanQueue(
      Connection natsConnection, JetStreamSettings settings, SpanQueueClient.Producer producer) {
    JetStreamConnections.requireMigrated(natsConnection, settings);
    List<Connection> extra = new ArrayList<>();
    for (int i = 1; i < settings.publishConnections(); i++) {
      extra.add(JetStreamConnections.connect(settings, producer.clientName() + "-publish-" + i));
    }
    return new JetStreamSpanQueue(natsConnection, extra, settings);
  }

  @Bean
  @ConditionalOnBean(SpanQueueClient.Consumer.class)
  @ConditionalOnMissingBean
  SpanQueueConsumer spanQueueConsumer(
      Connection natsConnection, JetStreamSettings settings, SpanQueueClient.Consumer client) {
    JetStreamConnections.requireMigrated(natsConnection, settings);
    return new JetStreamSpanConsumer(natsConnection, settings, client);
  }

  @Bean
  @ConditionalOnBean(SpanQueueClient.Consumer.class)
  @ConditionalOnMissingBean
  DeadLetterStore deadLetterStore(Connection natsConnection, JetStreamSettings settings) {
    return new JetStreamDeadLetters(natsConnection, settings);
  }
}
