package io.lumina.storage.queue;

import java.util.Collection;

/**
 * How often each queued message failed for its content, counted by the worker itself: the queue's
 * delivery count also rises on infrastructure retries (database down, price lookups retried, ack
 * waits expired while the worker waited), which must not spend a message's budget
 * (docs/worker.md#delivery-counts).
 */
public interface MessageFailures {

  /** Records one content failure of the message; returns its failures so far, this one included. */
  int record(String messageId, String reason);

  /** Forgets the messages (stored or dead-lettered: their count is no longer needed). */
  void forget(Collection<String> messageIds);
}
