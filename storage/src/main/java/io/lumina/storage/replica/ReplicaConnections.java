package io.lumina.storage.replica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lumina.storage.database.SessionSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalDouble;
import javax.sql.DataSource;

/**
 * The pool of connections to the read replica, the fallback in front of it, and its replay lag
 * ({@code lumina_storage_replica_lag_seconds}, NaN while the replica cannot be reached). The pool
 * starts even when the replica is down (reads fall back meanwhile) and is closed with the context.
 */
final class ReplicaConnections implements AutoCloseable {
  /**
   * Zero when the replica has replayed everything it received (an idle primary is not lag), else
   * the age of the last replayed transaction; zero on a server that is not in recovery.
   */
  private static final String LAG_SQL =
      """
      SELECT CASE
               WHEN NOT pg_is_in_recovery() THEN 0
               WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
               ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
             END
      """;

  private final HikariDataSource pool;
  private final FallbackDataSource reads;
  private final ReadReplicaSettings settings;

  ReplicaConnections(
      ReadReplicaSettings settings,
      DataSource primary,
      String primaryUser,
      String primaryPassword,
      Clock clock,
      MeterRegistry meters) {
    this.settings = settings;
    HikariConfig config = new HikariConfig();
    config.setPoolName("lumina-read-replica");
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.username().isEmpty() ? primaryUser : settings.username());
    config.setPassword(settings.password().isEmpty() ? primaryPassword : settings.password());
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
    config.setReadOnly(true);
    SessionSettings.applyTo(config);
    // Start without the replica: reads fall back to the primary until it answers.
    config.setInitializationFailTimeout(-1);
    this.pool = new HikariDataSource(config);
    this.reads = new FallbackDataSource(pool, primary, settings, clock, meters);
    Gauge.builder("lumina_storage_replica_lag_seconds", this, c -> c.lag().orElse(Double.NaN))
        .description("Replay lag of the read replica; NaN while it cannot be reached")
        .baseUnit("seconds")
        .register(meters);
  }

  DataSource reads() {
    return reads;
  }

  /** The replica's replay lag in seconds, empty when it cannot be reached. */
  OptionalDouble lag() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(Math.max(1, (int) settings.connectTimeout().toSeconds()));
      try (ResultSet rs = s.executeQuery(LAG_SQL)) {
        rs.next();
        return OptionalDouble.of(rs.getDouble(1));
      }
    } catch (SQLException e) {
      return OptionalDouble.empty();
    }
  }

  boolean stale(double lagSeconds) {
    return lagSeconds > settings.maxLag().toMillis() / 1000.0;
  }

  boolean fallingBack() {
    return reads.fallingBack();
  }

  Duration maxLag() {
    return settings.maxLag();
  }

  /** The replica's address without credentials, for health details and logs. */
  String where() {
    String url = settings.url();
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  @Override
  public void close() {
    pool.close();
  }
}
