package io.lumina.storage.replica;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Connections from the replica, or from the primary while the replica cannot be reached: a read
 * served a little staler or from the primary beats a read refused. After a failed connection the
 * replica is left alone for {@code retryAfter}, so an outage costs one connect timeout per period
 * rather than one per request. Each read served by the primary instead is counted ({@code
 * lumina_storage_replica_fallbacks_total}).
 */
final class FallbackDataSource extends DelegatingDataSource {
  private static final Logger log = LoggerFactory.getLogger(FallbackDataSource.class);

  private final DataSource primary;
  private final ReadReplicaSettings settings;
  private final Clock clock;
  private final Counter fallbacks;
  private volatile Instant replicaDownUntil = Instant.MIN;

  FallbackDataSource(
      DataSource replica,
      DataSource primary,
      ReadReplicaSettings settings,
      Clock clock,
      MeterRegistry meters) {
    super(replica);
    this.primary = primary;
    this.settings = settings;
    this.clock = clock;
    this.fallbacks =
        Counter.builder("lumina_storage_replica_fallbacks")
            .description(
                "Reads served by the primary because the read replica could not be reached")
            .register(meters);
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (clock.instant().isBefore(replicaDownUntil)) {
      fallbacks.increment();
      return primary.getConnection();
    }
    try {
      return super.getConnection();
    } catch (SQLException e) {
      replicaDownUntil = clock.instant().plus(settings.retryAfter());
      log.warn(
          "read replica unreachable ({}); reading from the primary for the next {}",
          e.getMessage(),
          settings.retryAfter());
      fallbacks.increment();
      return primary.getConnection();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  /** Whether reads currently go to the primary because the replica failed. */
  boolean fallingBack() {
    return clock.instant().isBefore(replicaDownUntil);
  }
}
