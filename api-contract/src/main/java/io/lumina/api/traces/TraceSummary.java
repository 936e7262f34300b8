package io.lumina.api.traces;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One row of the trace list. */
public record TraceSummary(
    String traceId,
    String rootSpanId,
    String name,
    String service,
    Instant startTime,
    Instant endTime,
    double durationMs,
    int spanCount,
    int llmSpanCount,
    Long promptTokens,
    Long completionTokens,
    Long totalTokens,
    BigDecimal costUsd,
    int unpricedSpans,
    String status,
    List<String> models,
    String userId,
    String sessionId) {}
