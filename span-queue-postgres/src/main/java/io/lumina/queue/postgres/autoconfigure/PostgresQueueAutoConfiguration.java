package io.lumina.queue.postgres.autoconfigure;

import io.lumina.queue.DeadLetterStore;
import io.lumina.queue.SpanQueue;
import io.lumina.queue.SpanQueueClient;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.queue.postgres.PostgresDeadLetters;
import io.lumina.queue.postgres.PostgresQueueSettings;
import io.lumina.queue.postgres.PostgresSpanQueue;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The span queue in a table of the service's own database, when {@code lumina.queue.type=postgres}
 * (the all-in-one mode without NATS): the {@link SpanQueue} or {@link SpanQueueConsumer} for the
 * {@link SpanQueueClient} the service declares, nothing for a service that declares none.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnProperty(name = "lumina.queue.type", havingValue = "postgres")
@ConditionalOnBean({DataSource.class, SpanQueueClient.class})
@EnableConfigurationProperties(PostgresQueueSettings.class)
public class PostgresQueueAutoConfiguration {
  /** Publishing never reads the ack wait; only a consumer's claims expire. */
  private static final Duration UNUSED_ACK_WAIT = Duration.ofSeconds(30);

  @Bean
  @ConditionalOnBean(SpanQueueClient.Producer.class)
  @ConditionalOnMissingBean
  SpanQueue spanQueue(DataSource dataSource, PostgresQueueSettings settings) {
    return new PostgresSpanQueue(dataSource, UNUSED_ACK_WAIT, settings.maxPayloadBytes());
  }

  @Bean
  @ConditionalOnBean(SpanQueueClient.Consumer.class)
  @ConditionalOnMissingBean
  SpanQueueConsumer spanQueueConsumer(
      DataSource dataSource, PostgresQueueSettings settings, SpanQueueClient.Consumer client) {
    return new PostgresSpanQueue(dataSource, client.ackWait(), settings.maxPayloadBytes());
  }

  @Bean
  @ConditionalOnBean(SpanQueueClient.Consumer.class)
  @ConditionalOnMissingBean
  DeadLetterStore deadLetterStore(DataSource dataSource) {
    return new PostgresDeadLetters(dataSource);
  }
}
