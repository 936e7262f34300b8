package io.lumina.query.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** alerts and alert_deliveries, always within the caller's project. */
@Repository
class AlertRepository {
  private static final String COLUMNS =
      """
      id, rule_id, kind, title, status, service_name, endpoint, baseline, current, change_pct, threshold,
      window_seconds, current_samples, baseline_samples, summary, fired_at, last_evaluated_at,
      acknowledged_at, resolved_at, resolved_by""";

  private final JdbcTemplate jdbc;

  AlertRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  List<AlertView> list(String project, String status, String service, String kind, int limit) {
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
      args.add(kind);
    }
    sql.append(" ORDER BY fired_at DESC, id LIMIT ?");
    args.add(limit);
    return jdbc.query(sql.toString(), AlertRepository::row, args.toArray());
  }

  Optional<AlertView> find(String project, String id) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM alerts WHERE project_id = ? AND id = ?",
            AlertRepository::row,
            project,
            id)
        .stream()
        .findFirst();
  }

  /**
   * Acknowledges an open alert; returns false when it was not open (resolved or already
   * acknowledged).
   */
  boolean acknowledge(String project, String id, Instant now) {
    return jdbc.update(
            """
        UPDATE alerts SET status = 'acknowledged', acknowledged_at = ?
        WHERE project_id = ? AND id = ? AND status = 'firing'""",
            Timestamp.from(now),
            project,
            id)
        == 1;
  }

  /**
   * Resolves an open alert by hand and queues "resolve" deliveries to the channels that got its
   * trigger (PagerDuty closes the incident). Returns false when it was already resolved.
   */
  boolean resolve(String project, String id, Instant now) {
    if (jdbc.update(
            """
        UPDATE alerts SET status = 'resolved', resolved_at = ?, resolved_by = 'api'
        WHERE project_id = ? AND id = ? AND status <> 'resolved'""",
            Timestamp.from(now),
            project,
            id)
        == 0) {
      return false;
    }
    jdbc.update(
        """
        INSERT INTO alert_deliveries (project_id, alert_id, channel_id, event, status, next_attempt_at, created_at)
        SELECT d.project_id, d.alert_id, d.channel_id, 'resolve', 'pending', ?, ?
        FROM alert_deliveries d JOIN notification_channels c ON c.id = d.channel_id AND c.enabled
        WHERE d.project_id = ? AND d.alert_id = ? AND d.event = 'trigger'
        ON CONFLICT (alert_id, channel_id, event) DO NOTHING""",
        Timestamp.from(now),
        Timestamp.from(now),
        project,
        id);
    return true;
  }

  List<AlertView.DeliveryView> deliveries(String project, String alertId) {
    return jdbc.query(
        """
        SELECT d.id, d.channel_id, c.name, c.type, d.event, d.status, d.attempts, d.next_attempt_at,
               d.last_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at
        FROM alert_deliveries d JOIN notification_channels c ON c.id = d.channel_id
        WHERE d.project_id = ? AND d.alert_id = ?
        ORDER BY d.id""",
        (rs, i) ->
            new AlertView.DeliveryView(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getInt(7),
                "pending".equals(rs.getString(6)) ? instant(rs, 8) : null,
                instant(rs, 9),
                (Integer) rs.getObject(10),
                rs.getString(11),
                instant(rs, 12),
                instant(rs, 13)),
        project,
        alertId);
  }

  private static AlertView row(ResultSet rs, int i) throws SQLException {
    return new AlertView(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getDouble(8),
        rs.getDouble(9),
        (Double) rs.getObject(10),
        rs.getDouble(11),
        Windows.format(rs.getInt(12)),
        rs.getLong(13),
        rs.getLong(14),
        rs.getString(15),
        instant(rs, 16),
        instant(rs, 17),
        instant(rs, 18),
        instant(rs, 19),
        rs.getString(20));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
