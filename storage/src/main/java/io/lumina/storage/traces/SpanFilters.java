package io.lumina.storage.traces;

import io.lumina.wire.AttributeJson;
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
   * key with this value. {@code jsonValues} are the value as JSON, once as a string and again as a
   * number or boolean when it reads as one, since OTLP attributes keep their type: {@code "3"},
   * {@code 3}. The objects tested by containment are derived from them.
   */
  public record AttributeFilter(String key, String value, List<String> jsonValues) {
    public AttributeFilter {
      jsonValues = List.copyOf(jsonValues);
    }

    /** A span's attributes contain one of these: {@code {"tier": "3"}}, {@code {"tier": 3}}. */
    public List<String> jsonCandidates() {
      return candidates("", "");
    }

    /**
     * A trace summary's resources (a list of values per key) contain one of these: {@code {"tier":
     * ["3"]}}, {@code {"tier": [3]}}.
     */
    public List<String> resourceCandidates() {
      return candidates("[", "]");
    }

    private List<String> candidates(String open, String close) {
      StringBuilder prefix = new StringBuilder("{");
      AttributeJson.appendString(prefix, key);
      prefix.append(':').append(open);
      return jsonValues.stream().map(v -> prefix + v + close + "}").toList();
    }
  }
}
