package io.lumina.storage.export;

import io.lumina.api.traces.SpanView;
import java.math.BigDecimal;

/**
 * One stored span as an export writes it: every column, attributes, events and links as the JSON
 * text stored (null when absent).
 */
public record ExportedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    int kind,
    String service,
    String scope,
    long startTimeUnixNano,
    long endTimeUnixNano,
    double latencyMs,
    String status,
    String statusMessage,
    boolean llm,
    String model,
    String provider,
    SpanView.Tokens tokens,
    BigDecimal costUsd,
    String pricingSource,
    boolean unpriced,
    String unpricedReason,
    String usageRole,
    String catalogVersion,
    String prompt,
    String response,
    String userId,
    String sessionId,
    String attributes,
    String resourceAttributes,
    String events,
    String links) {}
