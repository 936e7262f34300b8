package io.lumina.query.alerts;

import java.time.Instant;
import java.util.Set;

/** An alert rule as the API shows it. {@code endpoint} null: the whole service. */
record AlertRule(
    String id,
    String service,
    String endpoint,
    String kind,
    double threshold,
    String window,
    Integer minSamples,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {

  static final Set<String> KINDS =
      Set.of("cost_spike", "quality_drop", "latency_p95", "error_rate");

  /** A rule to create or the new state of one, validated; field names as in the JSON body. */
  record Input(
      String service,
      String endpoint,
      String kind,
      Double threshold,
      String window,
      Integer minSamples,
      Boolean enabled) {

    Valid validate() {
      if (service == null || service.isBlank() || service.length() > 200) {
        throw AlertApiException.badField("service", "service is required (1 to 200 characters)");
      }
      if (endpoint != null && (endpoint.isBlank() || endpoint.length() > 500)) {
        throw AlertApiException.badField(
            "endpoint", "endpoint must be 1 to 500 characters, or omitted for the whole service");
      }
      if (kind == null || !KINDS.contains(kind)) {
        throw AlertApiException.badField(
            "kind", "kind must be one of cost_spike, quality_drop, latency_p95, error_rate");
      }
      Valid.checkThreshold("threshold", threshold);
      if (minSamples != null && minSamples < 1) {
        throw AlertApiException.badField("minSamples", "minSamples must be at least 1");
      }
      return new Valid(
          service.strip(),
          endpoint,
          kind,
          threshold,
          Windows.seconds("window", window),
          minSamples,
          enabled == null || enabled);
    }
  }

  record Valid(
      String service,
      String endpoint,
      String kind,
      double threshold,
      int windowSeconds,
      Integer minSamples,
      boolean enabled) {

    static void checkThreshold(String field, Double threshold) {
      if (threshold == null || threshold.isNaN() || threshold <= 0 || threshold > 1000) {
        throw AlertApiException.badField(
            field, field + " must be a number above 0 (2.0 = +200%) and at most 1000");
      }
    }
  }
}
