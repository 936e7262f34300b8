package io.lumina.query.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.AlertRule;
import io.lumina.api.alerts.AlertView;
import io.lumina.api.alerts.ConfigureRequest;
import io.lumina.storage.alerts.AlertRuleStore;
import io.lumina.storage.alerts.AlertStore;
import io.lumina.storage.alerts.DeliveryStore;
import io.lumina.storage.alerts.DuplicateRuleException;
import io.lumina.storage.alerts.RuleDefinition;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
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
 * acknowledge, resolve) and the documented shortcut {@code POST /api/alerts/configure}.
 */
@RestController
@RequestMapping("/api/alerts")
class AlertsController {
  private static final Set<String> STATUSES = Set.of("firing", "acknowledged", "resolved", "open");

  private final AlertStore alerts;
  private final DeliveryStore deliveries;
  private final AlertRuleStore rules;
  private final AlertsApiProperties properties;
  private final Clock clock;

  AlertsController(
      AlertStore alerts,
      DeliveryStore deliveries,
      AlertRuleStore rules,
      AlertsApiProperties properties,
      Clock clock) {
    this.alerts = alerts;
    this.deliveries = deliveries;
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
    AlertKind k = kind == null ? null : RuleRequests.kind("kind", kind);
    int n = limit == null ? properties.defaultLimit() : limit;
    if (n < 1 || n > properties.maxLimit()) {
      throw AlertApiException.badField(
          "limit", "limit must be between 1 and " + properties.maxLimit());
    }
    return Map.of("alerts", alerts.list(Caller.project(request), status, service, k, n));
  }

  @GetMapping("/{id}")
  Map<String, Object> get(@PathVariable String id, HttpServletRequest request) {
    String project = Caller.project(request);
    AlertView alert = alerts.find(project, id).orElseThrow(() -> unknown(id));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("alert", alert);
    body.put("deliveries", deliveries.list(project, id));
    return body;
  }

  @GetMapping("/{id}/deliveries")
  Map<String, Object> deliveries(@PathVariable String id, HttpServletRequest request) {
    String project = Caller.project(request);
    alerts.find(project, id).orElseThrow(() -> unknown(id));
    return Map.of("deliveries", deliveries.list(project, id));
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
    Instant now = clock.instant();
    if (alerts.resolveByHand(project, id, now)) {
      // the channels that got the trigger hear of the resolution (PagerDuty closes the incident)
      deliveries.queueResolvesOfTriggered(project, id, now);
    }
    return alerts.find(project, id).orElseThrow(() -> unknown(id));
  }

  /**
   * The one-call setup: {@code {service, costThreshold, qualityThreshold, window}} creates or
   * updates that service's cost_spike and quality_drop rules (either threshold may be omitted). The
   * nested shape {@code {service, alerts: {cost_spike: {threshold, window}, ...}}} is accepted too,
   * for any rule kind (docs/alerts.md).
   */
  @PostMapping("/configure")
  @Transactional
  Map<String, Object> configure(@RequestBody ConfigureRequest body, HttpServletRequest request) {
    String project = Caller.project(request);
    if (body.service() == null || body.service().isBlank() || body.service().length() > 200) {
      throw AlertApiException.badField("service", "service is required (1 to 200 characters)");
    }
    String service = body.service().strip();
    record Planned(AlertKind kind, double threshold, int windowSeconds) {}
    List<Planned> planned = new ArrayList<>();
    if (body.costThreshold() != null) {
      RuleRequests.checkThreshold("costThreshold", body.costThreshold());
      planned.add(
          new Planned(
              AlertKind.COST_SPIKE,
              body.costThreshold(),
              Windows.seconds("window", defaultWindow(body.window()))));
    }
    if (body.qualityThreshold() != null) {
      RuleRequests.checkThreshold("qualityThreshold", body.qualityThreshold());
      planned.add(
          new Planned(
              AlertKind.QUALITY_DROP,
              body.qualityThreshold(),
              Windows.seconds("window", defaultWindow(body.window()))));
    }
    if (body.alerts() != null) {
      for (Map.Entry<String, ConfigureRequest.Spec> e : body.alerts().entrySet()) {
        String field = "alerts." + e.getKey();
        AlertKind kind =
            AlertKind.fromWire(e.getKey())
                .orElseThrow(
                    () ->
                        AlertApiException.badField(
                            field,
                            e.getKey() + " is not a rule kind (" + AlertKind.wireNames() + ")"));
        if (e.getValue() == null) {
          throw AlertApiException.badField(field, field + " needs {threshold, window}");
        }
        RuleRequests.checkThreshold(field + ".threshold", e.getValue().threshold());
        String window =
            e.getValue().window() != null ? e.getValue().window() : defaultWindow(body.window());
        planned.add(
            new Planned(
                kind, e.getValue().threshold(), Windows.seconds(field + ".window", window)));
      }
    }
    if (planned.isEmpty()) {
      throw AlertApiException.badField(
          "costThreshold", "give costThreshold, qualityThreshold or alerts");
    }
    List<AlertRule> saved = new ArrayList<>();
    for (Planned p : planned) {
      try {
        saved.add(rules.upsert(project, service, p.kind(), p.threshold(), p.windowSeconds()));
      } catch (DuplicateRuleException e) { // another request created it in the meantime
        throw AlertRulesController.duplicate(
            new RuleDefinition(
                service, null, p.kind(), p.threshold(), p.windowSeconds(), null, true));
      }
    }
    return Map.of("service", service, "rules", saved);
  }

  private static String defaultWindow(String window) {
    return window == null ? "1h" : window;
  }

  static AlertApiException unknown(String id) {
    return AlertApiException.notFound("no alert " + id + " in this project");
  }
}
