package io.lumina.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One span of {@code GET /api/traces/{id}} with its children. Attributes, resource attributes,
 * events and input messages stay JSON trees: their keys and values are user data, shown as escaped
 * text.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Span(
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
    String systemPrompt,
    JsonNode inputMessages,
    Double temperature,
    Long maxTokens,
    String userId,
    String sessionId,
    JsonNode attributes,
    JsonNode resourceAttributes,
    JsonNode events,
    List<Span> children) {

  public Span {
    children = children == null ? List.of() : List.copyOf(children);
    tokens = tokens == null ? new Tokens(null, null, null, null, null, null) : tokens;
  }

  /** Token counts by kind; null where the span did not say. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Tokens(
      Long prompt, Long completion, Long total, Long cacheRead, Long cacheWrite, Long reasoning) {}
}
