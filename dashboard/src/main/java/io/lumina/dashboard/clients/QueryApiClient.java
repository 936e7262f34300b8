package io.lumina.dashboard.clients;

import io.lumina.api.alerts.AlertRuleRequest;
import io.lumina.api.alerts.ChannelRequest;
import io.lumina.api.alerts.ConfigureRequest;
import io.lumina.api.analytics.CostReport;
import io.lumina.api.analytics.LatencyReport;
import io.lumina.api.analytics.ServiceList;
import io.lumina.api.pricing.ModelList;
import io.lumina.api.pricing.OverrideRequest;
import io.lumina.api.pricing.Pricing;
import io.lumina.api.traces.SpanView;
import io.lumina.api.traces.TraceDetail;
import io.lumina.api.traces.TracePage;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The query API (port 8081) as the dashboard uses it. Traces, analytics and pricing come back as
 * the API's own records (api-contract); alerts, rules and channels as JSON trees read tolerantly by
 * the alerts pages.
 */
public final class QueryApiClient {
  private final RestClient http;
  private final BackendCalls calls;

  public QueryApiClient(RestClient http, URI baseUrl) {
    this.http = http;
    this.calls = new BackendCalls("query API", baseUrl.toString());
  }

  public TracePage traces(Map<String, String> filters) {
    return calls.call(
        "/api/traces",
        () ->
            http.get()
                .uri(b -> query(b.path("/api/traces"), filters))
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .body(TracePage.class));
  }

  /**
   * One page of the trace ({@code page}: the previous page's {@code nextPage}, null for the first),
   * or empty when the query API does not know it.
   */
  public Optional<TraceDetail> trace(String traceId, String page) {
    return optional(
        "/api/traces/" + traceId,
        () ->
            http.get()
                .uri(
                    b ->
                        query(
                            b.path("/api/traces/{id}"),
                            page == null ? Map.of() : Map.of("page", page),
                            Map.of("id", traceId)))
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .body(TraceDetail.class));
  }

  /** One whole span of the trace, or empty when the query API does not know it. */
  public Optional<SpanView> span(String traceId, String spanId) {
    return optional(
        "/api/traces/" + traceId + "/spans/" + spanId,
        () ->
            http.get()
                .uri("/api/traces/{id}/spans/{span}", traceId, spanId)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .body(SpanView.class));
  }

  private <T> Optional<T> optional(String path, java.util.function.Supplier<T> call) {
    try {
      return Optional.ofNullable(calls.call(path, call));
    } catch (BackendException e) {
      if (e.notFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Cost and volume: {@code from}, {@code to}, {@code groupBy}, {@code interval}, {@code
   * service}...
   */
  public CostReport cost(Map<String, String> params) {
    return get("/api/analytics/cost", params, CostReport.class);
  }

  public LatencyReport latency(Map<String, String> params) {
    return get("/api/analytics/latency", params, LatencyReport.class);
  }

  public ServiceList services() {
    return get("/api/services", Map.of(), ServiceList.class);
  }

  public ModelList models() {
    return get("/api/models", Map.of(), ModelList.class);
  }

  public Pricing pricing() {
    return get("/api/pricing", Map.of(), Pricing.class);
  }

  /** {@code DELETE /api/pricing?modelPattern=}: removes a project override. */
  public void deletePricing(String modelPattern) {
    calls.call(
        "/api/pricing",
        () ->
            http.delete()
                .uri(b -> query(b.path("/api/pricing"), Map.of("modelPattern", modelPattern)))
                .retrieve()
                .toBodilessEntity());
  }

  /** {@code PUT /api/pricing}: sets (or replaces) the project's price for a model pattern. */
  public JsonNode putPricing(OverrideRequest body) {
    return calls.call(
        "/api/pricing",
        () ->
            http.put()
                .uri("/api/pricing")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(JsonNode.class));
  }

  public JsonNode alerts(Map<String, String> params) {
    return get("/api/alerts", params);
  }

  public JsonNode alertAction(String alertId, String action) {
    String path = "/api/alerts/" + alertId + "/" + action;
    return calls.call(
        path,
        () ->
            http.post()
                .uri("/api/alerts/{id}/{action}", alertId, action)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .body(JsonNode.class));
  }

  /**
   * {@code GET /api/alerts/{id}}: {@code {alert, deliveries}}; empty when the query API does not
   * know it.
   */
  public Optional<JsonNode> alert(String alertId) {
    try {
      return Optional.ofNullable(
          calls.call(
              "/api/alerts/" + alertId,
              () ->
                  http.get()
                      .uri("/api/alerts/{id}", alertId)
                      .accept(MediaType.APPLICATION_JSON)
                      .retrieve()
                      .body(JsonNode.class)));
    } catch (BackendException e) {
      if (e.notFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** {@code GET /api/alert-rules}: {@code {rules: [...]}}. */
  public JsonNode alertRules() {
    return get("/api/alert-rules", Map.of());
  }

  /**
   * {@code POST /api/alert-rules}: {@code {service, endpoint?, kind, threshold, window,
   * minSamples?}}.
   */
  public JsonNode createAlertRule(AlertRuleRequest body) {
    return post("/api/alert-rules", body);
  }

  public void deleteAlertRule(String ruleId) {
    delete("/api/alert-rules/{id}", ruleId);
  }

  /**
   * {@code POST /api/alerts/configure}: {@code {service, costThreshold, qualityThreshold, window}}.
   */
  public JsonNode configureAlerts(ConfigureRequest body) {
    return post("/api/alerts/configure", body);
  }

  /**
   * {@code GET /api/webhooks}: the notification channels, {@code {webhooks: [...]}} (secrets never
   * included).
   */
  public JsonNode webhooks() {
    return get("/api/webhooks", Map.of());
  }

  /** {@code POST /api/webhooks}: {@code {name, type, url, secret?, services}}. */
  public JsonNode createWebhook(ChannelRequest body) {
    return post("/api/webhooks", body);
  }

  public void deleteWebhook(String channelId) {
    delete("/api/webhooks/{id}", channelId);
  }

  private JsonNode post(String path, Object body) {
    return calls.call(
        path,
        () ->
            http.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(JsonNode.class));
  }

  // The id goes in as a URI template variable: encoded, so it cannot change the path.
  private void delete(String template, String id) {
    calls.call(
        template.replace("{id}", id),
        () -> http.delete().uri(template, id).retrieve().toBodilessEntity());
  }

  private JsonNode get(String path, Map<String, String> params) {
    return get(path, params, JsonNode.class);
  }

  private <T> T get(String path, Map<String, String> params, Class<T> type) {
    return calls.call(
        path,
        () ->
            http.get()
                .uri(b -> query(b.path(path), params))
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .body(type));
  }

  /** Adds the non-blank parameters; values are encoded by the URI builder, never concatenated. */
  static URI query(UriBuilder builder, Map<String, String> params) {
    return query(builder, params, Map.of());
  }

  /** As {@link #query(UriBuilder, Map)}, with values for the path's own template variables. */
  static URI query(UriBuilder builder, Map<String, String> params, Map<String, String> pathVars) {
    params.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            builder.queryParam(k, "{" + k + "}");
          }
        });
    Map<String, String> values = new java.util.HashMap<>(pathVars);
    params.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            values.put(k, v.strip());
          }
        });
    return builder.build(values);
  }
}
