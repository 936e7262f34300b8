package io.lumina.api.traces;

import java.util.List;

/** {@code GET /api/spans}: one page of the span list; {@code nextCursor} is null on the last. */
public record SpanPage(List<SpanRow> spans, String nextCursor, int limit) {}
