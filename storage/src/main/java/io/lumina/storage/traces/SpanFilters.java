package io.lumina.storage.traces;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Validated filters of a trace or span search. Null means "no filter". {@code to} is exclusive and
 * already combines {@code to} and {@code before}.
 */
public record SpanFilters(
    String service,
    String model,
    String provider,
    String status,
    String userId,
    String sessionId,
    String name,
    BigDecimal minCost,
    BigDecimal maxCost,
    Double minLatencyMs,
    Double maxLatencyMs,
    Instant from,
    Instant to,
    List<AttributeFilter> attributes,
    String text) {

  public SpanFilters {
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
  }

  public static SpanFilters none() {
    return new SpanFilters(
        null, null, null, null, null, null, null, null, null, null, null, null, null, List.of(),
        null);
  }

  /**
   * {@code attr.<key>=<value>}: matches a span whose attributes or resource attributes contain the
   * key with this value. {@code jsonCandidates} are the JSON objects to test by containment (the
   * value as a string, and as a number or boolean when it reads as one, since OTLP attributes keep
   * their type): {@code {"tier": "3"}}, {@code {"tier": 3}}. {@code resourceCandidates} are the
   * same values in the shape of a trace summary's resources, a list of values per key: {@code
   * {"tier": ["3"]}}, {@code {"tier": [3]}}.
   */
  public record AttributeFilter(
      String key, String value, List<String> jsonCandidates, List<String> resourceCandidates) {
    public AttributeFilter {
      jsonCandidates = List.copyOf(jsonCandidates);
      resourceCandidates = List.copyOf(resourceCandidates);
      if (jsonCandidates.size() != resourceCandidates.size()) {
        throw new IllegalArgumentException("one resource candidate per JSON candidate");
      }
    }
  }
}
