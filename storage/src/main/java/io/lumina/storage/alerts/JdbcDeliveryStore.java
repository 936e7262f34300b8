package io.lumina.storage.alerts;

import static io.lumina.storage.alerts.JdbcAlertStore.instant;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.AlertView;
import io.lumina.api.alerts.ChannelType;
import io.lumina.storage.secrets.SealedColumns;
import io.lumina.storage.secrets.Secrets;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link DeliveryStore} on {@code alert_deliveries}: leasing skips rows another replica holds (SKIP
 * LOCKED while leasing, the lease owner and time afterwards); outcomes are recorded only by the
 * lease's owner on a pending row.
 */
final class JdbcDeliveryStore implements DeliveryStore {
  private final JdbcTemplate jdbc;
  private final Secrets secrets;

  JdbcDeliveryStore(JdbcTemplate jdbc, Secrets secrets) {
    this.jdbc = jdbc;
    this.secrets = secrets;
  }

  @Override
  public int queue(
      String alertId, String projectId, String serviceName, String event, Instant now) {
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

  @Override
  public void queueResolvesOfTriggered(String project, String alertId, Instant now) {
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
        alertId);
  }

  @Override
  public List<AlertView.DeliveryView> list(String project, String alertId) {
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
                ChannelType.of(rs.getString(4)),
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

  @Override
  public List<Long> lease(
      String owner, Instant now, Instant leaseUntil, int limit, Collection<String> busyChannels) {
    return jdbc.query(
        con -> {
          var ps =
              con.prepareStatement(
                  """
          WITH due AS (
            SELECT id FROM alert_deliveries
            WHERE status = 'pending' AND next_attempt_at <= ?
              AND (lease_until IS NULL OR lease_until <= ?)
              AND channel_id <> ALL (?)
            ORDER BY next_attempt_at, id
            LIMIT ?
            FOR UPDATE SKIP LOCKED)
          UPDATE alert_deliveries d SET lease_owner = ?, lease_until = ? FROM due WHERE d.id = due.id
          RETURNING d.id""");
          ps.setTimestamp(1, Timestamp.from(now));
          ps.setTimestamp(2, Timestamp.from(now));
          ps.setArray(3, con.createArrayOf("text", busyChannels.toArray()));
          ps.setInt(4, limit);
          ps.setString(5, owner);
          ps.setTimestamp(6, Timestamp.from(leaseUntil));
          return ps;
        },
        (rs, i) -> rs.getLong(1));
  }

  @Override
  public int renew(String owner, Collection<Long> ids, Instant leaseUntil) {
    if (ids.isEmpty()) {
      return 0;
    }
    return jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  """
          UPDATE alert_deliveries SET lease_until = ?
          WHERE id = ANY (?) AND lease_owner = ? AND status = 'pending'""");
          ps.setTimestamp(1, Timestamp.from(leaseUntil));
          ps.setArray(2, con.createArrayOf("bigint", ids.toArray()));
          ps.setString(3, owner);
          return ps;
        });
  }

  @Override
  public void release(String owner, long id) {
    jdbc.update(
        """
        UPDATE alert_deliveries SET lease_owner = NULL, lease_until = NULL
        WHERE id = ? AND lease_owner = ? AND status = 'pending'""",
        id,
        owner);
  }

  @Override
  public List<Delivery> load(List<Long> ids) {
    return jdbc.query(
        con -> {
          var ps =
              con.prepareStatement(
                  """
          SELECT d.id, d.project_id, d.event, d.attempts,
                 a.id, a.kind, a.title, a.summary, a.service_name, a.endpoint, a.status, a.baseline, a.current,
                 a.change_pct, a.threshold, a.window_seconds, a.current_samples, a.baseline_samples,
                 a.fired_at, a.resolved_at,
                 c.id, c.name, c.type, c.url, c.secret, c.services, c.enabled
          FROM alert_deliveries d
          JOIN alerts a ON a.id = d.alert_id
          JOIN notification_channels c ON c.id = d.channel_id
          WHERE d.id = ANY (?)
          ORDER BY d.id""");
          Array array = con.createArrayOf("bigint", ids.toArray());
          ps.setArray(1, array);
          return ps;
        },
        (rs, i) -> {
          Timestamp resolved = rs.getTimestamp(20);
          Delivery.Alert alert =
              new Delivery.Alert(
                  rs.getString(5),
                  AlertKind.of(rs.getString(6)),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  rs.getString(11),
                  rs.getDouble(12),
                  rs.getDouble(13),
                  (Double) rs.getObject(14),
                  rs.getDouble(15),
                  rs.getInt(16),
                  rs.getLong(17),
                  rs.getLong(18),
                  rs.getTimestamp(19).toInstant(),
                  resolved == null ? null : resolved.toInstant());
          String[] services = (String[]) rs.getArray(26).getArray();
          Delivery.Channel channel =
              new Delivery.Channel(
                  rs.getString(21),
                  rs.getString(22),
                  ChannelType.fromWire(rs.getString(23)).orElse(null),
                  rs.getBoolean(27),
                  secrets.open(rs.getString(24), SealedColumns.CHANNEL_URL),
                  secrets.open(rs.getString(25), SealedColumns.CHANNEL_SECRET),
                  Arrays.asList(services));
          return new Delivery(
              rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), alert, channel);
        });
  }

  @Override
  public boolean delivered(long id, String owner, int statusCode, Instant now) {
    return jdbc.update(
            """
        UPDATE alert_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = ?,
               last_status_code = ?, last_error = NULL, delivered_at = ?,
               lease_owner = NULL, lease_until = NULL
        WHERE id = ? AND status = 'pending' AND lease_owner = ?""",
            Timestamp.from(now),
            statusCode,
            Timestamp.from(now),
            id,
            owner)
        == 1;
  }

  @Override
  public boolean failed(
      long id, String owner, Integer statusCode, String error, Instant now, Instant retryAt) {
    return jdbc.update(
            """
        UPDATE alert_deliveries SET status = CASE WHEN ?::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
               attempts = attempts + 1, last_attempt_at = ?, last_status_code = ?, last_error = ?,
               next_attempt_at = coalesce(?::timestamptz, next_attempt_at),
               lease_owner = NULL, lease_until = NULL
        WHERE id = ? AND status = 'pending' AND lease_owner = ?""",
            retryAt == null ? null : Timestamp.from(retryAt),
            Timestamp.from(now),
            statusCode,
            error,
            retryAt == null ? null : Timestamp.from(retryAt),
            id,
            owner)
        == 1;
  }
}
