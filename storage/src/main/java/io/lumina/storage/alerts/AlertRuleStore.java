package io.lumina.storage.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.AlertRule;
import java.util.List;
import java.util.Optional;

/**
 * {@code alert_rules}: what the API edits, always within the caller's project, and what the
 * evaluator watches, across projects.
 */
public interface AlertRuleStore {

  /** The project's rules, of one service when {@code service} is not null. */
  List<AlertRule> list(String projectId, String service);

  Optional<AlertRule> find(String projectId, String id);

  /**
   * @throws DuplicateRuleException when the service has a rule of this kind for this endpoint
   */
  AlertRule create(String projectId, RuleDefinition rule);

  /**
   * @return empty when the project has no such rule
   * @throws DuplicateRuleException when the change would make a second rule of a kind
   */
  Optional<AlertRule> update(String projectId, String id, RuleDefinition rule);

  /**
   * Creates the rule of this service and kind (whole service), or updates its threshold and window
   * and enables it.
   */
  AlertRule upsert(
      String projectId, String service, AlertKind kind, double threshold, int windowSeconds);

  boolean delete(String projectId, String id);

  /**
   * Every enabled rule of every project. A rule of a kind this version does not know (written by a
   * newer one) is left out.
   */
  List<ActiveRule> enabledRules();
}
