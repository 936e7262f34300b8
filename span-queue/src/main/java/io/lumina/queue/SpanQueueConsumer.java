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
  default List<QueuedBatch> fetch(int maxMessages, Duration maxWait) throws InterruptedException {
    return fetch(maxMessages, Long.MAX_VALUE, maxWait);
  }

  /**
   * Up to {@code maxMessages} messages whose payloads total at most {@code maxBytes}, so a consumer
   * holds a bounded number of bytes whatever the message sizes; when the first waiting message is
   * alone larger than {@code maxBytes} it comes alone (it is never stuck). Waits up to {@code
   * maxWait} for the first message when none is waiting; {@link Duration#ZERO} takes only what is
   * waiting now. May return an empty list.
   */
  List<QueuedBatch> fetch(int maxMessages, long maxBytes, Duration maxWait)
      throws InterruptedException;

  /** Messages stored but not yet acknowledged by any consumer (the consumer lag). */
  long pending();

  QueueHealth check();

  @Override
  void close();
}
