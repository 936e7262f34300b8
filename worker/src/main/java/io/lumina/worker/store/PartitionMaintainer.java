package io.lumina.worker.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the day partitions of spans ahead of time (today .. today + N, UTC), so the first spans
 * of a day do not wait for DDL. Partitions are also created on demand by the writer, so a late run
 * or a span from further ahead loses nothing. Safe on every replica at once: creation is idempotent
 * and serialized in the database (lumina_ensure_span_partition).
 */
public final class PartitionMaintainer {
  private static final Logger log = LoggerFactory.getLogger(PartitionMaintainer.class);

  private final DataSource dataSource;
  private final SpanBatchWriter writer;
  private final Clock clock;
  private final int daysAhead;

  public PartitionMaintainer(
      DataSource dataSource, SpanBatchWriter writer, Clock clock, int daysAhead) {
    this.dataSource = dataSource;
    this.writer = writer;
    this.clock = clock;
    this.daysAhead = daysAhead;
  }

  /** Ensures today's partition and the next {@code daysAhead}; returns how many days it checked. */
  public int ensureAhead() throws SQLException {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      for (int i = 0; i <= daysAhead; i++) {
        writer.ensurePartition(c, today.plusDays(i));
      }
    }
    return daysAhead + 1;
  }

  /** The scheduled form: a failure (database down) is logged and retried at the next run. */
  public void runScheduled() {
    try {
      ensureAhead();
    } catch (SQLException | RuntimeException e) {
      log.warn("could not create span partitions ahead (will retry): {}", e.getMessage());
    }
  }
}
