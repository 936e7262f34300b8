package io.lumina.storage.traces;

import io.lumina.api.traces.SpanRow;

/** The span list: every filter at span level, keyset pagination, always within one project. */
public interface SpanReader {

  /** One page of the span list and the cursor of the next page (null on the last page). */
  Page<SpanRow> list(String projectId, SearchQuery query);
}
