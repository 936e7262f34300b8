package io.lumina.query.search;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The query parameters of {@code GET /api/traces} and {@code GET /api/spans}, bound as raw strings
 * so that {@link FilterParser} can reject bad values with a 400 naming the parameter (a binding
 * failure would not). Attribute filters {@code attr.<key>=<value>} are read from the request
 * itself.
 */
public record SearchParams(
    @Schema(description = "service name (trace list: the root span's service)") String service,
    @Schema(description = "model as stored, e.g. gpt-4o-mini") String model,
    @Schema(description = "provider, e.g. openai, anthropic") String provider,
    @Schema(description = "ok | error | degraded (trace list: the worst status of the trace)")
        String status,
    @Schema(description = "user id") String userId,
    @Schema(description = "session id") String sessionId,
    @Schema(description = "span name (trace list: the root span's name), exact") String name,
    @Schema(description = "minimum cost in USD, inclusive") String minCost,
    @Schema(description = "maximum cost in USD, inclusive") String maxCost,
    @Schema(description = "minimum latency in ms, inclusive (trace list: trace duration)")
        String minLatencyMs,
    @Schema(description = "maximum latency in ms, inclusive") String maxLatencyMs,
    @Schema(description = "start time lower bound, inclusive: ISO-8601 or epoch seconds")
        String from,
    @Schema(description = "start time upper bound, exclusive: ISO-8601 or epoch seconds") String to,
    @Schema(description = "start time upper bound, exclusive, epoch seconds (the archival call)")
        String before,
    @Schema(description = "free text, case-insensitive, over prompt and response") String q,
    @Schema(description = "time | cost | latency (default time)") String sort,
    @Schema(description = "desc | asc (default desc)") String order,
    @Schema(description = "opaque cursor from the previous page's nextCursor") String cursor,
    @Schema(description = "page size, 1..1000 (default 50)") String limit) {}
