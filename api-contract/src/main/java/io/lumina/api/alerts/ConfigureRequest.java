package io.lumina.api.alerts;

import java.util.Map;

/**
 * The body of {@code POST /api/alerts/configure}: {@code {service, costThreshold, qualityThreshold,
 * window}} sets the service's cost_spike and quality_drop rules; the nested {@code alerts: {<kind>:
 * {threshold, window}}} works for any kind.
 */
public record ConfigureRequest(
    String service,
    Double costThreshold,
    Double qualityThreshold,
    String window,
    Map<String, Spec> alerts) {

  public record Spec(Double threshold, String window) {}
}
