package io.lumina.api.traces;

import java.util.List;

/**
 * {@code GET /api/traces/{traceId}}: one page of the trace's spans in start order. {@code summary}
 * is the trace's row of the list; {@code spans} holds the page's roots, each with its children in
 * the page (a span whose parent is on an earlier page is a root here). {@code nextPage} is the
 * cursor of the next page ({@code ?page=}), null on the last one.
 */
public record TraceDetail(
    String traceId, TraceSummary summary, List<SpanView> spans, String nextPage) {}
