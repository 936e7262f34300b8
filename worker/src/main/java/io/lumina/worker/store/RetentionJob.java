package io.lumina.worker.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: drops whole day partitions of spans older than the retention (no row-by-row delete, no
 * bloat), and deletes trace summaries and hourly rollups older than the same cutoff. Runs on every
 * replica's schedule but acts on one at a time: the first to take a transaction-scoped advisory
 * lock does the work, the others skip. All in one transaction, with a lock timeout so a long query
 * on a partition delays retention instead of stalling inserts behind the DROP's lock. See
 * docs/decisions/0004-partitioning-and-retention.md.
 */
public final class RetentionJob {
  private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

  /**
   * The advisory lock key every replica uses for retention ("LumRete" in ASCII; any fixed number
   * works).
   */
  static final long LOCK_KEY = 0x4c756d52657465L;

  private static final Pattern PARTITION_NAME = Pattern.compile("spans_p\\d{8}");

  private final DataSource dataSource;
  private final SpanBatchWriter writer;
  private final Clock clock;
  private final int days;
  private final Counter partitionsDropped;

  /** What one run did; {@code skipped} when another replica held the lock or retention is off. */
  public record Result(
      boolean skipped,
      LocalDate cutoff,
      List<String> droppedPartitions,
      int deletedTraces,
      int deletedRollups) {}

  public RetentionJob(
      DataSource dataSource, SpanBatchWriter writer, Clock clock, int days, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.writer = writer;
    this.clock = clock;
    this.days = days;
    this.partitionsDropped =
        Counter.builder("lumina.worker.retention.partitions.dropped")
            .description("span day partitions dropped by retention")
            .register(meters);
  }

  /** Runs once now. Everything that started before {@code today - days} (UTC) is removed. */
  public Result run() throws SQLException {
    LocalDate cutoff = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days);
    if (days <= 0) {
      return new Result(true, null, List.of(), 0, 0);
    }
    Instant cutoffInstant = cutoff.atStartOfDay(ZoneOffset.UTC).toInstant();
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (!tryLock(c)) {
          c.rollback();
          log.info("retention skipped: another replica is running it");
          return new Result(true, cutoff, List.of(), 0, 0);
        }
        try (Statement s = c.createStatement()) {
          s.execute("SET LOCAL lock_timeout = '10s'");
        }
        List<String> dropped = new ArrayList<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT partition_name FROM lumina_span_partitions() WHERE to_day <= ? ORDER BY from_day")) {
          ps.setObject(1, cutoff);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              dropped.add(rs.getString(1));
            }
          }
        }
        dropped.removeIf(
            name -> !PARTITION_NAME.matcher(name).matches()); // only ours, never a guess
        try (Statement s = c.createStatement()) {
          for (String name : dropped) {
            s.execute("DROP TABLE " + name); // name checked against spans_pYYYYMMDD above
          }
        }
        int traces = delete(c, "DELETE FROM traces WHERE start_time < ?", cutoffInstant);
        int rollups = delete(c, "DELETE FROM span_rollups_hourly WHERE hour < ?", cutoffInstant);
        c.commit();
        writer.forgetPartitions();
        partitionsDropped.increment(dropped.size());
        log.info(
            "retention ({} days, before {}): dropped partitions {}, deleted {} trace summaries and {} rollups",
            days,
            cutoff,
            dropped,
            traces,
            rollups);
        return new Result(false, cutoff, List.copyOf(dropped), traces, rollups);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** The scheduled form: a failure is logged and the next run tries again. */
  public void runScheduled() {
    try {
      run();
    } catch (SQLException | RuntimeException e) {
      log.warn("retention run failed (will retry at the next scheduled time): {}", e.getMessage());
    }
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      ps.setLong(1, LOCK_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static int delete(Connection c, String sql, Instant before) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(before));
      return ps.executeUpdate();
    }
  }
}
