package io.lumina.api.traces;

import java.util.List;

/**
 * {@code GET /api/traces/{traceId}}: {@code summary} is the trace's row of the list; {@code spans}
 * holds the root spans, each with its children.
 */
public record TraceDetail(String traceId, TraceSummary summary, List<SpanView> spans) {}
