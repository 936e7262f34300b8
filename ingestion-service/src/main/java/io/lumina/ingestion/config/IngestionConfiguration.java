package io.lumina.ingestion.config;

import io.lumina.ingestion.backlog.BacklogAdmission;
import io.lumina.ingestion.backlog.BacklogProperties;
import io.lumina.ingestion.ingest.IngestMetrics;
import io.lumina.ingestion.ingest.IngestionProperties;
import io.lumina.ingestion.ingest.SpanIngestor;
import io.lumina.ingestion.ingest.SpanLimits;
import io.lumina.ingestion.limits.DailyTraceLimiter;
import io.lumina.ingestion.limits.InMemoryTraceCounter;
import io.lumina.ingestion.limits.KeyValueTraceCounter;
import io.lumina.ingestion.limits.TraceCounter;
import io.lumina.ingestion.publish.SpanPublisher;
import io.lumina.ingestion.web.InFlightBudget;
import io.lumina.ingestion.web.IngestObservationFilter;
import io.lumina.queue.SpanQueue;
import io.lumina.queue.SpanQueueClient;
import io.lumina.queue.jetstream.JetStreamSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.nats.client.Connection;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Turns {@link IngestionProperties} into the plain objects of the receive path. */
@Configuration(proxyBeanMethods = false)
class IngestionConfiguration {

  /**
   * Ingestion publishes: the queue backend of {@code lumina.queue.type} provides the {@link
   * SpanQueue} (span-queue-jetstream or span-queue-postgres).
   */
  @Bean
  SpanQueueClient.Producer spanQueueProducer() {
    return new SpanQueueClient.Producer("lumina-ingestion");
  }

  @Bean
  SpanPublisher spanPublisher(SpanQueue queue, Clock clock) {
    return new SpanPublisher(queue, clock);
  }

  @Bean
  IngestMetrics ingestMetrics(MeterRegistry registry) {
    return new IngestMetrics(registry);
  }

  /** Spring Boot applies every {@link ObservationPredicate} bean to the observation registry. */
  @Bean
  ObservationPredicate ingestObservationFilter() {
    return new IngestObservationFilter();
  }

  @Bean
  InFlightBudget inFlightBudget(IngestionProperties properties) {
    return new InFlightBudget(
        properties.maxInFlightBytes().toBytes(), properties.maxConcurrentRequests());
  }

  /**
   * Shared through NATS when ingestion publishes to JetStream, in a bucket under the installation's
   * {@code lumina.nats.prefix} like every other NATS resource; in process otherwise (all-in-one
   * mode).
   */
  @Bean
  @ConditionalOnMissingBean
  TraceCounter traceCounter(
      ObjectProvider<Connection> natsConnection,
      ObjectProvider<JetStreamSettings> nats,
      IngestionProperties properties) {
    Connection connection = natsConnection.getIfAvailable();
    if (connection == null) {
      return new InMemoryTraceCounter();
    }
    return new KeyValueTraceCounter(
        connection,
        nats.getObject().prefixed(properties.limitBucket()),
        properties.limitBucketTtl(),
        Duration.ofSeconds(2),
        nats.getObject().replicas());
  }

  @Bean
  DailyTraceLimiter dailyTraceLimiter(
      TraceCounter counter, IngestionProperties properties, Clock clock) {
    return new DailyTraceLimiter(counter, properties.dailyTraceLimit(), clock);
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  BacklogAdmission backlogAdmission(
      SpanQueue queue, BacklogProperties properties, MeterRegistry registry) {
    return new BacklogAdmission(queue, properties, registry);
  }

  @Bean
  SpanIngestor spanIngestor(
      IngestionProperties properties,
      DailyTraceLimiter limiter,
      SpanPublisher publisher,
      BacklogAdmission backlog,
      IngestMetrics metrics) {
    return new SpanIngestor(
        new SpanLimits(properties.maxAttributesPerSpan(), properties.maxAttributeValueLength()),
        properties.maxSpansPerRequest(),
        limiter,
        publisher,
        backlog,
        metrics,
        properties.retryAfter().toSeconds());
  }
}
