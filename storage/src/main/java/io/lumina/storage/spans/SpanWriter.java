package io.lumina.storage.spans;

import java.util.List;

/**
 * Stores spans with their trace summaries and hourly rollups, exactly once whatever is delivered
 * again: the seam between the worker and the database.
 */
public interface SpanWriter {

  /**
   * Writes the spans in one transaction and returns how many were new (spans already stored are
   * left as they are and do not count again in summaries or rollups).
   *
   * @throws SpanWriteException having changed nothing
   */
  int write(List<IncomingSpan> spans) throws SpanWriteException;

  /** Whether the database answers now, so a caller waiting out an outage knows when to resume. */
  boolean check();
}
