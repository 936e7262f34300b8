package io.lumina.storage.traces;

import io.lumina.api.traces.SpanView;
import io.lumina.api.traces.TraceSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Trace summaries and span trees, always within one project. */
public interface TraceReader {

  /** One page of the trace list and the cursor of the next page (null on the last page). */
  Page<TraceSummary> list(String projectId, SearchQuery query);

  /** The most expensive traces that started in [from, to), priced ones only. */
  List<TraceSummary> mostExpensive(String projectId, Instant from, Instant to, int limit);

  /** The summary of one trace, if the project has it. */
  Optional<TraceSummary> summary(String projectId, String traceId);

  /** The trace's spans as a tree (roots first, children by start time), or an empty list. */
  List<SpanView> tree(String projectId, String traceId);

  /**
   * One page of the trace's spans in start order, after {@code cursor} (null for the first page):
   * at most {@code limit} spans, prompt, response and system prompt cut at {@code bodyLimit}
   * characters and input messages left out when longer (the span says {@code truncated}). The rows
   * are the page's roots, each with its children in the page; empty rows when the project has no
   * such trace.
   *
   * @throws IllegalArgumentException when {@code cursor} is not one this reader made
   */
  Page<SpanView> treePage(
      String projectId, String traceId, String cursor, int limit, int bodyLimit);

  /** One whole span of the trace, if the project has it; no children. */
  Optional<SpanView> span(String projectId, String traceId, String spanId);
}
