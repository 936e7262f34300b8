package io.lumina.api.traces;

import java.util.List;

/** {@code GET /api/traces}: one page of the trace list; {@code nextCursor} is null on the last. */
public record TracePage(List<TraceSummary> traces, String nextCursor, int limit) {}
