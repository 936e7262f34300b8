package io.lumina.queue;

import io.lumina.wire.SpanBatch;
import java.time.Duration;

/** One delivered message. Exactly one of ack, retryLater or deadLetter ends its delivery. */
public interface QueuedBatch {

  SpanBatch batch();

  /** 1 on the first delivery, more on redeliveries. */
  long deliveryCount();

  /** The batch is committed: never deliver it again. */
  void ack();

  /**
   * Processing failed for a reason that may pass (database down): deliver it again after a delay.
   */
  void retryLater(Duration delay);

  /**
   * Processing can never succeed: move it to the dead-letter subject with the reason, then drop it.
   */
  void deadLetter(String reason);
}
