package io.lumina.storage.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/** Search filters for the trace readers' tests, shaped as the query API's parser builds them. */
final class TestFilters {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestFilters() {}

  /** Filters by name (service, model, status, user, session, q) plus attribute filters. */
  static SpanFilters where(Map<String, String> f, SpanFilters.AttributeFilter... attributes) {
    return new SpanFilters(
        f.get("service"),
        f.get("model"),
        null,
        f.get("status"),
        f.get("user"),
        f.get("session"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(attributes),
        f.get("q"));
  }

  /** The value as a JSON string, and as a number too when {@code number} is given. */
  static SpanFilters.AttributeFilter attribute(String key, String value, Long... number) {
    List<String> values = new ArrayList<>();
    values.add(JSON.writeValueAsString(value));
    for (Long n : number) {
      values.add(n.toString());
    }
    return new SpanFilters.AttributeFilter(key, value, values);
  }
}
