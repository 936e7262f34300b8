package io.lumina.worker.notify;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The outbox's SQL: lease due deliveries, read them with their alert and channel, record outcomes.
 */
@Repository
class DeliveryStore {
  private final JdbcTemplate jdbc;

  DeliveryStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Leases up to {@code limit} due deliveries: pushes their next attempt to {@code leaseUntil}, so
   * other replicas skip them (SKIP LOCKED while leasing, the time afterwards); a replica that dies
   * mid-send leaves them due again when the lease ends.
   */
  List<Long> lease(Instant now, Instant leaseUntil, int limit) {
    return jdbc.query(
        """
        WITH due AS (
          SELECT id FROM alert_deliveries
          WHERE status = 'pending' AND next_attempt_at <= ?
          ORDER BY next_attempt_at, id
          LIMIT ?
          FOR UPDATE SKIP LOCKED)
        UPDATE alert_deliveries d SET next_attempt_at = ? FROM due WHERE d.id = due.id
        RETURNING d.id""",
        (rs, i) -> rs.getLong(1),
        Timestamp.from(now),
        limit,
        Timestamp.from(leaseUntil));
  }

  List<Delivery> load(List<Long> ids) {
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
                  rs.getString(6),
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
                  rs.getBoolean(27) ? rs.getString(23) : "disabled",
                  rs.getString(24),
                  rs.getString(25),
                  Arrays.asList(services));
          return new Delivery(
              rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), alert, channel);
        });
  }

  void delivered(long id, int statusCode, Instant now) {
    jdbc.update(
        """
        UPDATE alert_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = ?,
               last_status_code = ?, last_error = NULL, delivered_at = ?
        WHERE id = ?""",
        Timestamp.from(now),
        statusCode,
        Timestamp.from(now),
        id);
  }

  /**
   * A failed attempt: retried at {@code retryAt}, or marked failed when {@code retryAt} is null.
   */
  void failed(long id, Integer statusCode, String error, Instant now, Instant retryAt) {
    jdbc.update(
        """
        UPDATE alert_deliveries SET status = CASE WHEN ?::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
               attempts = attempts + 1, last_attempt_at = ?, last_status_code = ?, last_error = ?,
               next_attempt_at = coalesce(?::timestamptz, next_attempt_at)
        WHERE id = ?""",
        retryAt == null ? null : Timestamp.from(retryAt),
        Timestamp.from(now),
        statusCode,
        error,
        retryAt == null ? null : Timestamp.from(retryAt),
        id);
  }
}
