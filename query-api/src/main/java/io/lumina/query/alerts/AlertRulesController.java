package io.lumina.query.alerts;

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
  private final RuleRepository rules;

  AlertRulesController(RuleRepository rules) {
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
  ResponseEntity<AlertRule> create(@RequestBody AlertRule.Input input, HttpServletRequest request) {
    AlertRule created = rules.create(Caller.project(request), input.validate());
    return ResponseEntity.created(URI.create("/api/alert-rules/" + created.id())).body(created);
  }

  @PutMapping("/{id}")
  AlertRule update(
      @PathVariable String id, @RequestBody AlertRule.Input input, HttpServletRequest request) {
    return rules
        .update(Caller.project(request), id, input.validate())
        .orElseThrow(() -> unknown(id));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
    if (!rules.delete(Caller.project(request), id)) {
      throw unknown(id);
    }
    return ResponseEntity.noContent().build();
  }

  static AlertApiException unknown(String id) {
    return AlertApiException.notFound("no alert rule " + id + " in this project");
  }
}
