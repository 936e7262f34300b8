package io.lumina.query.alerts;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/alerts}: the alerts the worker's evaluator raised (list, one with its deliveries,
 * acknowledge, resolve) and the seed's documented {@code POST /api/alerts/configure}.
 */
@RestController
@RequestMapping("/api/alerts")
class AlertsController {
  private static final Set<String> STATUSES = Set.of("firing", "acknowledged", "resolved", "open");

  private final AlertRepository alerts;
  private final RuleRepository rules;
  private final AlertsApiProperties properties;
  private final Clock clock;

  AlertsController(
      AlertRepository alerts, RuleRepository rules, AlertsApiProperties properties, Clock clock) {
    this.alerts = alerts;
    this.rules = rules;
    this.properties = properties;
    this.clock = clock;
  }

  @GetMapping
  Map<String, List<AlertView>> list(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String service,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) Integer limit,
      HttpServletRequest request) {
    if (status != null && !STATUSES.contains(status)) {
      throw AlertApiException.badField(
          "status", "status must be one of firing, acknowledged, resolved, open");
    }
    if (kind != null && !AlertRule.KINDS.contains(kind)) {
      throw AlertApiException.badField(
          "kind", "kind must be one of cost_spike, quality_drop, latency_p95, error_rate");
    }
    int n = limit == null ? properties.defaultLimit() : limit;
    if (n < 1 || n > properties.maxLimit()) {
      throw AlertApiException.badField(
          "limit", "limit must be between 1 and " + properties.maxLimit());
    }
    return Map.of("alerts", alerts.list(Caller.project(request), status, service, kind, n));
  }

  @GetMapping("/{id}")
  Map<String, Object> get(@PathVariable String id, HttpServletRequest request) {
    String project = Caller.project(request);
    AlertView alert = alerts.find(project, id).orElseThrow(() -> unknown(id));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("alert", alert);
    body.put("deliveries", alerts.deliveries(project, id));
    return body;
  }

  @GetMapping("/{id}/deliveries")
  Map<String, Object> deliveries(@PathVariable String id, HttpServletRequest request) {
    String project = Caller.project(request);
    alerts.find(project, id).orElseThrow(() -> unknown(id));
    return Map.of("deliveries", alerts.deliveries(project, id));
  }

  @PostMapping("/{id}/acknowledge")
  AlertView acknowledge(@PathVariable String id, HttpServletRequest request) {
    String project = Caller.project(request);
    AlertView alert = alerts.find(project, id).orElseThrow(() -> unknown(id));
    if (alert.status().equals("resolved")) {
      throw AlertApiException.conflict("alert " + id + " is already resolved");
    }
    alerts.acknowledge(project, id, clock.instant());
    return alerts.find(project, id).orElseThrow(() -> unknown(id));
  }

  /** Resolving twice is harmless: the second call returns the alert as it is. */
  @PostMapping("/{id}/resolve")
  @Transactional
  AlertView resolve(@PathVariable String id, HttpServletRequest request) {
    String project = Caller.project(request);
    alerts.find(project, id).orElseThrow(() -> unknown(id));
    alerts.resolve(project, id, clock.instant());
    return alerts.find(project, id).orElseThrow(() -> unknown(id));
  }

  /**
   * The seed's configuration call: {@code {service, costThreshold, qualityThreshold, window}}
   * creates or updates that service's cost_spike and quality_drop rules (either threshold may be
   * omitted). The seed's nested shape {@code {service, alerts: {cost_spike: {threshold, window},
   * ...}}} is accepted too, for any rule kind.
   */
  @PostMapping("/configure")
  @Transactional
  Map<String, Object> configure(@RequestBody ConfigureRequest body, HttpServletRequest request) {
    String project = Caller.project(request);
    if (body.service() == null || body.service().isBlank() || body.service().length() > 200) {
      throw AlertApiException.badField("service", "service is required (1 to 200 characters)");
    }
    String service = body.service().strip();
    record Planned(String kind, double threshold, int windowSeconds) {}
    List<Planned> planned = new ArrayList<>();
    if (body.costThreshold() != null) {
      AlertRule.Valid.checkThreshold("costThreshold", body.costThreshold());
      planned.add(
          new Planned(
              "cost_spike",
              body.costThreshold(),
              Windows.seconds("window", defaultWindow(body.window()))));
    }
    if (body.qualityThreshold() != null) {
      AlertRule.Valid.checkThreshold("qualityThreshold", body.qualityThreshold());
      planned.add(
          new Planned(
              "quality_drop",
              body.qualityThreshold(),
              Windows.seconds("window", defaultWindow(body.window()))));
    }
    if (body.alerts() != null) {
      for (Map.Entry<String, ConfigureRequest.Spec> e : body.alerts().entrySet()) {
        String field = "alerts." + e.getKey();
        if (!AlertRule.KINDS.contains(e.getKey())) {
          throw AlertApiException.badField(
              field,
              e.getKey()
                  + " is not a rule kind (cost_spike, quality_drop, latency_p95, error_rate)");
        }
        if (e.getValue() == null) {
          throw AlertApiException.badField(field, field + " needs {threshold, window}");
        }
        AlertRule.Valid.checkThreshold(field + ".threshold", e.getValue().threshold());
        String window =
            e.getValue().window() != null ? e.getValue().window() : defaultWindow(body.window());
        planned.add(
            new Planned(
                e.getKey(), e.getValue().threshold(), Windows.seconds(field + ".window", window)));
      }
    }
    if (planned.isEmpty()) {
      throw AlertApiException.badField(
          "costThreshold", "give costThreshold, qualityThreshold or alerts");
    }
    List<AlertRule> saved = new ArrayList<>();
    for (Planned p : planned) {
      saved.add(rules.upsert(project, service, p.kind(), p.threshold(), p.windowSeconds()));
    }
    return Map.of("service", service, "rules", saved);
  }

  private static String defaultWindow(String window) {
    return window == null ? "1h" : window;
  }

  /** The body of {@code POST /api/alerts/configure}. */
  record ConfigureRequest(
      String service,
      Double costThreshold,
      Double qualityThreshold,
      String window,
      Map<String, Spec> alerts) {
    record Spec(Double threshold, String window) {}
  }

  static AlertApiException unknown(String id) {
    return AlertApiException.notFound("no alert " + id + " in this project");
  }
}
