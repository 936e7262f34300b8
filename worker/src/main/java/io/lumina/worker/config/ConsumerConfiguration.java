package io.lumina.worker.config;

import io.lumina.queue.SpanQueueClient;
import io.lumina.worker.consume.WorkerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker consumes: the queue backend of {@code lumina.queue.type} provides the {@code
 * SpanQueueConsumer} (span-queue-jetstream or span-queue-postgres) from these settings.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

  @Bean
  SpanQueueClient.Consumer spanQueueConsumerSettings(WorkerProperties worker) {
    // Enough in flight for every consuming thread's batch, with room for the ones being retried.
    return new SpanQueueClient.Consumer(
        "lumina-worker",
        worker.durableName(),
        worker.ackWait(),
        Math.max(1000, worker.batchSize() * worker.consumers() * 4));
  }
}
