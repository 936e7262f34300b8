package io.lumina.queue;

import io.lumina.wire.SpanBatch;
import java.util.concurrent.CompletableFuture;

/**
 * The producer side of the span queue: JetStream in a real deployment, an in-process queue in the
 * all-in-one mode. Implementations are thread-safe.
 */
public interface SpanQueue extends AutoCloseable {

  /**
   * Publishes one batch. The future completes only once the queue has durably stored it (for
   * JetStream: the publish acknowledgement), and fails with {@link QueueUnavailableException} when
   * the queue cannot take it now.
   */
  CompletableFuture<Void> publish(SpanBatch batch);

  /** The largest payload one message may carry. */
  int maxPayloadBytes();

  /**
   * The unacknowledged messages and bytes now, read from the queue (one round trip: callers cache
   * it). Ingestion refuses new requests while it is over its limit.
   *
   * @throws QueueUnavailableException when the queue cannot be asked now
   */
  QueueBacklog backlog();

  /** Whether the queue is reachable now, for health checks. */
  QueueHealth check();

  @Override
  void close();
}
