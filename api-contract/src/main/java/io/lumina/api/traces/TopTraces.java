package io.lumina.api.traces;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/analytics/top-traces}: the most expensive traces that started in the range. */
public record TopTraces(Instant from, Instant to, List<TraceSummary> traces) {}
