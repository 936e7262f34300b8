package io.lumina.queue;

import java.time.Duration;
import java.util.List;

/**
 * The consumer side of the span queue, shared by every worker replica: each message goes to one
 * consumer, and comes back (to any consumer) until it is acknowledged.
 */
public interface SpanQueueConsumer extends AutoCloseable {

  /**
   * Waits up to {@code maxWait} for up to {@code maxMessages} messages; may return an empty list.
   */
  List<QueuedBatch> fetch(int maxMessages, Duration maxWait) throws InterruptedException;

  /** Messages stored but not yet acknowledged by any consumer (the consumer lag). */
  long pending();

  QueueHealth check();

  @Override
  void close();
}
