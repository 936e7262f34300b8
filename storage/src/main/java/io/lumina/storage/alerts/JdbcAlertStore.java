package io.lumina.storage.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.AlertView;
import io.lumina.api.alerts.AlertWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link AlertStore} on {@code alerts}. */
final class JdbcAlertStore implements AlertStore {
  private static final String COLUMNS =
      """
      id, rule_id, kind, title, status, service_name, endpoint, baseline, current, change_pct, threshold,
      window_seconds, current_samples, baseline_samples, summary, fired_at, last_evaluated_at,
      acknowledged_at, resolved_at, resolved_by""";

  private final JdbcTemplate jdbc;

  JdbcAlertStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<AlertView> list(
      String project, String status, String service, AlertKind kind, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM alerts WHERE project_id = ?");
    List<Object> args = new ArrayList<>(List.of(project));
    if (status != null) {
      if (status.equals("open")) {
        sql.append(" AND status <> 'resolved'");
      } else {
        sql.append(" AND status = ?");
        args.add(status);
      }
    }
    if (service != null) {
      sql.append(" AND service_name = ?");
      args.add(service);
    }
    if (kind != null) {
      sql.append(" AND kind = ?");
      args.add(kind.wire());
    }
    sql.append(" ORDER BY fired_at DESC, id LIMIT ?");
    args.add(limit);
    return jdbc.query(sql.toString(), JdbcAlertStore::row, args.toArray());
  }

  @Override
  public Optional<AlertView> find(String project, String id) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM alerts WHERE project_id = ? AND id = ?",
            JdbcAlertStore::row,
            project,
            id)
        .stream()
        .findFirst();
  }

  @Override
  public boolean acknowledge(String project, String id, Instant now) {
    return jdbc.update(
            """
        UPDATE alerts SET status = 'acknowledged', acknowledged_at = ?
        WHERE project_id = ? AND id = ? AND status = 'firing'""",
            Timestamp.from(now),
            project,
            id)
        == 1;
  }

  @Override
  public boolean resolveByHand(String project, String id, Instant now) {
    return jdbc.update(
            """
        UPDATE alerts SET status = 'resolved', resolved_at = ?, resolved_by = 'api'
        WHERE project_id = ? AND id = ? AND status <> 'resolved'""",
            Timestamp.from(now),
            project,
            id)
        == 1;
  }

  @Override
  public List<OpenAlert> orphaned() {
    return jdbc.query(
        """
        SELECT a.id, a.project_id, a.service_name FROM alerts a LEFT JOIN alert_rules r ON r.id = a.rule_id
        WHERE a.status <> 'resolved' AND (r.id IS NULL OR NOT r.enabled)""",
        (rs, i) -> new OpenAlert(rs.getString(1), rs.getString(2), rs.getString(3)));
  }

  @Override
  public Optional<OpenAlert> openAlert(String ruleId) {
    return jdbc
        .query(
            "SELECT id, project_id, service_name FROM alerts WHERE rule_id = ? AND status <> 'resolved'",
            (rs, i) -> new OpenAlert(rs.getString(1), rs.getString(2), rs.getString(3)),
            ruleId)
        .stream()
        .findFirst();
  }

  /** The partial unique index on the open alert of a rule decides whether a second one may open. */
  @Override
  public Optional<String> fire(ActiveRule rule, Measurement m, Instant now) {
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
            rule.kind().wire(),
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

  @Override
  public void refresh(
      String alertId, double current, Double changePct, long currentSamples, Instant now) {
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

  @Override
  public boolean resolve(String alertId, Instant now) {
    return jdbc.update(
            """
        UPDATE alerts SET status = 'resolved', resolved_at = ?, resolved_by = 'evaluator', last_evaluated_at = ?
        WHERE id = ? AND status <> 'resolved'""",
            Timestamp.from(now),
            Timestamp.from(now),
            alertId)
        == 1;
  }

  @Override
  public void touch(String alertId, Instant now) {
    jdbc.update(
        "UPDATE alerts SET last_evaluated_at = ? WHERE id = ?", Timestamp.from(now), alertId);
  }

  private static AlertView row(ResultSet rs, int i) throws SQLException {
    return new AlertView(
        rs.getString(1),
        rs.getString(2),
        AlertKind.of(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getDouble(8),
        rs.getDouble(9),
        (Double) rs.getObject(10),
        rs.getDouble(11),
        AlertWindow.format(rs.getInt(12)),
        rs.getLong(13),
        rs.getLong(14),
        rs.getString(15),
        instant(rs, 16),
        instant(rs, 17),
        instant(rs, 18),
        instant(rs, 19),
        rs.getString(20));
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
