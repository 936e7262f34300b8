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
}
