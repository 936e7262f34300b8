package io.lumina.queue;

import java.util.List;
import java.util.Optional;

/**
 * The dead letters of the span queue, for operators (the worker's admin API and {@code ./lumina
 * dead-letters}): listed, shown, and replayed into the queue once whatever made them fail is fixed.
 * Replaying is safe to repeat: the writer stores a span once however often it arrives.
 */
public interface DeadLetterStore {

  /**
   * Up to {@code limit} dead letters with an id above {@code afterId}, oldest first, without
   * payloads; only those of {@code projectId} unless it is null.
   */
  List<DeadLetter> list(String projectId, long afterId, int limit);

  /** One dead letter with its payload. */
  Optional<DeadLetter> find(long id);

  /**
   * Puts the dead letter back into the queue as a new message (first delivery) and removes it from
   * the dead letters. False when there is no such dead letter.
   */
  boolean replay(long id);

  /** Dead letters kept now. */
  long count();
}
