package io.lumina.query.traces;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One span of a trace, with everything Lumina knows about it, and its children. Attributes and
 * events are passed through as the JSON stored in PostgreSQL, without a parse and re-serialization.
 */
public record SpanView(
    String spanId,
    String parentSpanId,
    String name,
    int kind,
    String service,
    String scope,
    Instant startTime,
    long startTimeUnixNano,
    long endTimeUnixNano,
    double latencyMs,
    String status,
    String statusMessage,
    boolean llm,
    String model,
    String provider,
    Tokens tokens,
    BigDecimal costUsd,
    String pricingSource,
    boolean unpriced,
    String catalogVersion,
    String prompt,
    String response,
    // Added for the dashboard's chat rendering: the worker's normalized [{role, content}] and
    // system prompt.
    String systemPrompt,
    @JsonRawValue String inputMessages,
    String userId,
    String sessionId,
    @JsonRawValue String attributes,
    @JsonRawValue String resourceAttributes,
    @JsonRawValue String events,
    List<SpanView> children) {

  public record Tokens(
      Long prompt, Long completion, Long total, Long cacheRead, Long cacheWrite, Long reasoning) {}
}
