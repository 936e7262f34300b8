package io.lumina.storage.export;

import java.io.IOException;

/**
 * Streams the spans of a range, oldest first, one at a time: at most {@code fetchSize} rows are in
 * memory whatever the range, and a slow consumer slows the reading down.
 */
public interface SpanExportReader {

  /** What receives the spans; its failure (a client gone) ends the reading. */
  @FunctionalInterface
  interface Sink {
    void accept(ExportedSpan span) throws IOException;
  }

  /**
   * Hands every span of the query to {@code sink} in (start time, trace id, span id) order.
   *
   * @throws IOException when the query fails or the sink does
   */
  void read(ExportQuery query, int fetchSize, Sink sink) throws IOException;
}
