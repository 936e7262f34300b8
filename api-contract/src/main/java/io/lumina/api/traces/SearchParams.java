package io.lumina.api.traces;

import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query parameters of {@code GET /api/traces} and {@code GET /api/spans}, raw strings: the
 * query API binds them as they came so that it can reject a bad value with a 400 naming the
 * parameter (a binding failure would not), and a client builds them to send. Each component's name
 * is its parameter's name. Attribute filters {@code attr.<key>=<value>} are not listed: the query
 * API reads them from the request itself.
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
    @Schema(description = "page size, 1..1000 (default 50)") String limit) {

  /** The parameters to send: every non-blank one, stripped, by name, in declaration order. */
  public Map<String, String> queryParameters() {
    Map<String, String> out = new LinkedHashMap<>();
    for (RecordComponent c : SearchParams.class.getRecordComponents()) {
      String value = value(c);
      if (value != null && !value.isBlank()) {
        out.put(c.getName(), value.strip());
      }
    }
    return out;
  }

  private String value(RecordComponent c) {
    try {
      return (String) c.getAccessor().invoke(this);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName(), e);
    }
  }
}
