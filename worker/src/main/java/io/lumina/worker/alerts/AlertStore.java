package io.lumina.worker.alerts;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The evaluator's SQL: enabled rules, the open alert of a rule, firing, resolving, the outbox. */
@Repository
class AlertStore {
  private final JdbcTemplate jdbc;

  AlertStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  record OpenAlert(String id, String projectId, String serviceName) {}

  /** What the evaluator found, written on the alert. */
  record Measurement(
      String endpoint,
      double baseline,
      double current,
      Double changePct,
      long currentSamples,
      long baselineSamples,
      String title,
      String summary) {}

  List<AlertRule> enabledRules() {
    return jdbc.query(
        """
        SELECT id, project_id, service_name, endpoint, kind, threshold, window_seconds, min_samples, updated_at
        FROM alert_rules WHERE enabled ORDER BY id""",
        (rs, i) ->
            new AlertRule(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                RuleKind.of(rs.getString(5)),
                rs.getDouble(6),
                Duration.ofSeconds(rs.getInt(7)),
                (Integer) rs.getObject(8),
                rs.getTimestamp(9).toInstant()));
  }

  /** Open alerts whose rule was deleted or disabled: nobody watches them any more. */
  List<OpenAlert> orphaned() {
    return jdbc.query(
        """
        SELECT a.id, a.project_id, a.service_name FROM alerts a LEFT JOIN alert_rules r ON r.id = a.rule_id
        WHERE a.status <> 'resolved' AND (r.id IS NULL OR NOT r.enabled)""",
        (rs, i) -> new OpenAlert(rs.getString(1), rs.getString(2), rs.getString(3)));
  }

  Optional<OpenAlert> openAlert(String ruleId) {
    return jdbc
        .query(
            "SELECT id, project_id, service_name FROM alerts WHERE rule_id = ? AND status <> 'resolved'",
            (rs, i) -> new OpenAlert(rs.getString(1), rs.getString(2), rs.getString(3)),
            ruleId)
        .stream()
        .findFirst();
  }

  /**
   * Opens the rule's episode; empty when one is already open (the partial unique index decides).
   */
  Optional<String> fire(AlertRule rule, Measurement m, Instant now) {
    String id = "alert_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    int inserted =
        jdbc.update(
            """
        INSERT INTO alerts (id, project_id, rule_id, kind, service_name, endpoint, status, baseline, current,
                            change_pct, threshold, window_seconds, current_samples, baseline_samples, title,
                            summary, fired_at, last_evaluated_at)
        VALUES (?, ?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (rule_id) WHERE status <> 'resolved' DO NOTHING""",
            id,
            rule.projectId(),
            rule.id(),
            rule.kind().wire,
            rule.serviceName(),
            m.endpoint(),
            m.baseline(),
            m.current(),
            m.changePct(),
            rule.threshold(),
            (int) rule.window().toSeconds(),
            m.currentSamples(),
            m.baselineSamples(),
            m.title(),
            m.summary(),
            Timestamp.from(now),
            Timestamp.from(now));
    return inserted == 1 ? Optional.of(id) : Optional.empty();
  }

  /** The condition still holds: keep the latest figures on the open alert, notify nobody. */
  void refresh(String alertId, double current, Double changePct, long currentSamples, Instant now) {
    jdbc.update(
        """
        UPDATE alerts SET current = ?, change_pct = ?, current_samples = ?, last_evaluated_at = ?
        WHERE id = ? AND status <> 'resolved'""",
        current,
        changePct,
        currentSamples,
        Timestamp.from(now),
        alertId);
  }

  boolean resolve(String alertId, Instant now) {
    return jdbc.update(
            """
        UPDATE alerts SET status = 'resolved', resolved_at = ?, resolved_by = 'evaluator', last_evaluated_at = ?
        WHERE id = ? AND status <> 'resolved'""",
            Timestamp.from(now),
            Timestamp.from(now),
            alertId)
        == 1;
  }

  void touch(String alertId, Instant now) {
    jdbc.update(
        "UPDATE alerts SET last_evaluated_at = ? WHERE id = ?", Timestamp.from(now), alertId);
  }

  /**
   * Queues one delivery per enabled channel of the project that covers the service (no service list
   * means all). Written in the evaluator's transaction, so an alert exists only with its
   * deliveries.
   */
  int enqueue(String alertId, String projectId, String serviceName, String event, Instant now) {
    return jdbc.update(
        """
        INSERT INTO alert_deliveries (project_id, alert_id, channel_id, event, status, next_attempt_at, created_at)
        SELECT c.project_id, ?, c.id, ?, 'pending', ?, ?
        FROM notification_channels c
        WHERE c.project_id = ? AND c.enabled AND (cardinality(c.services) = 0 OR ? = ANY (c.services))
        ON CONFLICT (alert_id, channel_id, event) DO NOTHING""",
        alertId,
        event,
        Timestamp.from(now),
        Timestamp.from(now),
        projectId,
        serviceName);
  }
}
