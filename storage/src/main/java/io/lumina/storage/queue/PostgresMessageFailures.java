package io.lumina.storage.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;

/** {@link MessageFailures} in {@code span_message_failures} (V91). */
public final class PostgresMessageFailures implements MessageFailures {
  private final DataSource dataSource;

  public PostgresMessageFailures(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public int record(String messageId, String reason) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            INSERT INTO span_message_failures (message_id, failures, last_reason, updated_at)
            VALUES (?, 1, ?, now())
            ON CONFLICT (message_id) DO UPDATE
              SET failures = span_message_failures.failures + 1,
                  last_reason = excluded.last_reason, updated_at = now()
            RETURNING failures""")) {
      ps.setString(1, messageId);
      ps.setString(2, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the failure: " + e.getMessage(), e);
    }
  }

  @Override
  public void forget(Collection<String> messageIds) {
    if (messageIds.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM span_message_failures WHERE message_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", messageIds.toArray()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot forget failures: " + e.getMessage(), e);
    }
  }
}
