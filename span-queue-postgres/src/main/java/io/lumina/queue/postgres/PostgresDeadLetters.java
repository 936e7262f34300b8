package io.lumina.queue.postgres;

import io.lumina.queue.DeadLetter;
import io.lumina.queue.DeadLetterStore;
import io.lumina.queue.QueueUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The dead letters of the table-backed queue: rows of {@code span_queue} with a {@code
 * dead_reason}, which consumers never claim. Replaying clears the flag and the delivery count.
 */
public final class PostgresDeadLetters implements DeadLetterStore {
  private final DataSource dataSource;

  public PostgresDeadLetters(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<DeadLetter> list(String projectId, long afterId, int limit) {
    List<DeadLetter> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            SELECT id, message_id, project_id, received_at_millis, dead_reason, deliveries,
                   dead_at, octet_length(payload) AS payload_bytes, NULL::bytea AS payload
            FROM span_queue
            WHERE dead_reason IS NOT NULL AND id > ? AND (?::text IS NULL OR project_id = ?)
            ORDER BY id LIMIT ?""")) {
      ps.setLong(1, afterId);
      ps.setString(2, projectId);
      ps.setString(3, projectId);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(deadLetter(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new QueueUnavailableException("span queue table unavailable: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<DeadLetter> find(long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            SELECT id, message_id, project_id, received_at_millis, dead_reason, deliveries,
                   dead_at, octet_length(payload) AS payload_bytes, payload
            FROM span_queue WHERE dead_reason IS NOT NULL AND id = ?""")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(deadLetter(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new QueueUnavailableException("span queue table unavailable: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean replay(long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            UPDATE span_queue SET dead_reason = NULL, dead_at = NULL, deliveries = 0,
                   visible_at = now()
            WHERE id = ? AND dead_reason IS NOT NULL""")) {
      ps.setLong(1, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new QueueUnavailableException("span queue table unavailable: " + e.getMessage(), e);
    }
  }

  @Override
  public long count() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM span_queue WHERE dead_reason IS NOT NULL");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new QueueUnavailableException("span queue table unavailable: " + e.getMessage(), e);
    }
  }

  private static DeadLetter deadLetter(ResultSet rs) throws SQLException {
    java.sql.Timestamp deadAt = rs.getTimestamp("dead_at");
    return new DeadLetter(
        rs.getLong("id"),
        rs.getString("message_id"),
        rs.getString("project_id"),
        rs.getLong("received_at_millis"),
        rs.getString("dead_reason"),
        rs.getLong("deliveries"),
        deadAt == null ? java.time.Instant.EPOCH : deadAt.toInstant(),
        rs.getInt("payload_bytes"),
        rs.getBytes("payload"));
  }
}
