package io.lumina.api.traces;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of the span list: everything but the full attributes, events, prompt and response (the
 * trace detail has those); prompt and response are previewed by their first 200 characters. {@code
 * unpricedReason} and {@code usageRole} as on {@link SpanView}.
 */
public record SpanRow(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String service,
    Instant startTime,
    double latencyMs,
    String status,
    boolean llm,
    String model,
    String provider,
    SpanView.Tokens tokens,
    BigDecimal costUsd,
    String pricingSource,
    boolean unpriced,
    String unpricedReason,
    String usageRole,
    String userId,
    String sessionId,
    String promptPreview,
    String responsePreview) {}
