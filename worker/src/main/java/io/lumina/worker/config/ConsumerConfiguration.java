package io.lumina.worker.config;

import io.lumina.queue.SpanQueueClient;
import io.lumina.worker.consume.BatchProperties;
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
  SpanQueueClient.Consumer spanQueueConsumerSettings(
      WorkerProperties worker, BatchProperties batch) {
    // Enough in flight for every consuming thread's batches (at most one message per span; two
    // batches when pipelined: one written, one assembled; plus one fetch carried to the next
    // batch), with room for the ones being retried.
    long perThread = (long) batch.maxSpans() * (worker.pipeline() ? 2 : 1) + worker.batchSize();
    return new SpanQueueClient.Consumer(
        "lumina-worker",
        worker.durableName(),
        worker.ackWait(),
        (int) Math.min(1_000_000, Math.max(1000, perThread * worker.consumers() * 2)));
  }
}
