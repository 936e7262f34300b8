package io.lumina.storage.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * {@link LeaderLock} as a session-level PostgreSQL advisory lock ({@code pg_try_advisory_lock}) on
 * a connection of its own, held for the duration of the work.
 */
final class AdvisoryLeaderLock implements LeaderLock {
  private final DataSource dataSource;

  AdvisoryLeaderLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public <T> Optional<T> callIfLeader(long key, Supplier<T> work) {
    try (Connection lock = dataSource.getConnection()) {
      if (!advisory(lock, "SELECT pg_try_advisory_lock(?)", key)) {
        return Optional.empty();
      }
      try {
        return Optional.of(work.get());
      } finally {
        advisory(lock, "SELECT pg_advisory_unlock(?)", key);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take the lock: " + e.getMessage(), e);
    }
  }

  private static boolean advisory(Connection connection, String sql, long key) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
