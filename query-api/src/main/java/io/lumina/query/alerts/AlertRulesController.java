package io.lumina.query.alerts;

import io.lumina.api.alerts.AlertRule;
import io.lumina.api.alerts.AlertRuleRequest;
import io.lumina.storage.alerts.AlertRuleStore;
import io.lumina.storage.alerts.DuplicateRuleException;
import io.lumina.storage.alerts.RuleDefinition;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/alert-rules}: the rules the worker's evaluator watches, per service (docs/alerts.md).
 */
@RestController
@RequestMapping("/api/alert-rules")
class AlertRulesController {
  private final AlertRuleStore rules;

  AlertRulesController(AlertRuleStore rules) {
    this.rules = rules;
  }

  @GetMapping
  Map<String, List<AlertRule>> list(
      @RequestParam(required = false) String service, HttpServletRequest request) {
    return Map.of("rules", rules.list(Caller.project(request), service));
  }

  @GetMapping("/{id}")
  AlertRule get(@PathVariable String id, HttpServletRequest request) {
    return rules.find(Caller.project(request), id).orElseThrow(() -> unknown(id));
  }

  @PostMapping
  ResponseEntity<AlertRule> create(
      @RequestBody AlertRuleRequest input, HttpServletRequest request) {
    RuleDefinition rule = RuleRequests.validate(input);
    AlertRule created;
    try {
      created = rules.create(Caller.project(request), rule);
    } catch (DuplicateRuleException e) {
      throw duplicate(rule);
    }
    return ResponseEntity.created(URI.create("/api/alert-rules/" + created.id())).body(created);
  }

  @PutMapping("/{id}")
  AlertRule update(
      @PathVariable String id, @RequestBody AlertRuleRequest input, HttpServletRequest request) {
    RuleDefinition rule = RuleRequests.validate(input);
    try {
      return rules.update(Caller.project(request), id, rule).orElseThrow(() -> unknown(id));
    } catch (DuplicateRuleException e) {
      throw duplicate(rule);
    }
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
    if (!rules.delete(Caller.project(request), id)) {
      throw unknown(id);
    }
    return ResponseEntity.noContent().build();
  }

  static AlertApiException duplicate(RuleDefinition r) {
    return AlertApiException.conflict(
        "service "
            + r.service()
            + " already has a "
            + r.kind().wire()
            + " rule"
            + (r.endpoint() == null ? "" : " for endpoint " + r.endpoint())
            + "; update that one instead");
  }

  static AlertApiException unknown(String id) {
    return AlertApiException.notFound("no alert rule " + id + " in this project");
  }
}
