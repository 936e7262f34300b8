package io.lumina.query.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.AlertRuleRequest;
import io.lumina.storage.alerts.RuleDefinition;

/** Validates alert rule requests; each refusal names its field. */
final class RuleRequests {
  private RuleRequests() {}

  static RuleDefinition validate(AlertRuleRequest r) {
    String service = r.service();
    if (service == null || service.isBlank() || service.length() > 200) {
      throw AlertApiException.badField("service", "service is required (1 to 200 characters)");
    }
    if (r.endpoint() != null && (r.endpoint().isBlank() || r.endpoint().length() > 500)) {
      throw AlertApiException.badField(
          "endpoint", "endpoint must be 1 to 500 characters, or omitted for the whole service");
    }
    AlertKind kind = kind("kind", r.kind());
    checkThreshold("threshold", r.threshold());
    if (r.minSamples() != null && r.minSamples() < 1) {
      throw AlertApiException.badField("minSamples", "minSamples must be at least 1");
    }
    return new RuleDefinition(
        service.strip(),
        r.endpoint(),
        kind,
        r.threshold(),
        Windows.seconds("window", r.window()),
        r.minSamples(),
        r.enabled() == null || r.enabled());
  }

  static AlertKind kind(String field, String wire) {
    return AlertKind.fromWire(wire)
        .orElseThrow(
            () ->
                AlertApiException.badField(field, "kind must be one of " + AlertKind.wireNames()));
  }

  static void checkThreshold(String field, Double threshold) {
    if (threshold == null || threshold.isNaN() || threshold <= 0 || threshold > 1000) {
      throw AlertApiException.badField(
          field, field + " must be a number above 0 (2.0 = +200%) and at most 1000");
    }
  }
}
