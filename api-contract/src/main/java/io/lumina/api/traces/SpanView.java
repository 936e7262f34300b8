package io.lumina.api.traces;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * One span of a trace, with everything Lumina knows about it, and its children. Attributes, events
 * and the normalized input messages are passed through as the JSON stored in PostgreSQL, without a
 * parse and re-serialization; a client reads them back as JSON text ({@link RawJson}).
 *
 * @param unpricedReason why an unpriced LLM call has no cost ({@code no_tokens}, {@code
 *     only_total_tokens}, {@code no_model}, {@code unknown_model}); null unless {@code unpriced}
 * @param usageRole whether totals count this span's usage: {@code call} (counted), {@code
 *     aggregate} (repeats the usage of the calls below it: shown here as reported, never counted)
 *     or {@code none} (reports no usage)
 * @param inputMessages the worker's normalized {@code [{role, content}]}, for chat rendering
 * @param truncated true when this view is cut: in a page of a trace, {@code prompt}, {@code
 *     response} and {@code systemPrompt} are cut at a limit and {@code inputMessages} is left out
 *     (null) when longer than it; {@code GET /api/traces/{traceId}/spans/{spanId}} returns the
 *     whole span (docs/api.md, "Trace detail")
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
    String unpricedReason,
    String usageRole,
    String catalogVersion,
    String prompt,
    String response,
    String systemPrompt,
    @JsonRawValue @JsonDeserialize(using = RawJson.class) String inputMessages,
    String userId,
    String sessionId,
    @JsonRawValue @JsonDeserialize(using = RawJson.class) String attributes,
    @JsonRawValue @JsonDeserialize(using = RawJson.class) String resourceAttributes,
    @JsonRawValue @JsonDeserialize(using = RawJson.class) String events,
    boolean truncated,
    List<SpanView> children) {

  /** Token counts by kind; null where the span did not say. */
  public record Tokens(
      Long prompt, Long completion, Long total, Long cacheRead, Long cacheWrite, Long reasoning) {}
}
