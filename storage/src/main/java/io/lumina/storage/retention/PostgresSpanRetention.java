package io.lumina.storage.retention;

import io.lumina.storage.spans.PostgresSpanPartitions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Drops whole day partitions of spans (no row-by-row delete, no bloat) and deletes the trace
 * summaries and hourly rollups of those days. The first replica to take a transaction-scoped
 * advisory lock does the work, the others skip. All in one transaction, with a lock timeout so a
 * long query on a partition delays retention instead of stalling inserts behind the DROP's lock.
 * See docs/decisions/0004-partitioning-and-retention.md.
 */
public final class PostgresSpanRetention implements SpanRetention {
  private static final Logger log = LoggerFactory.getLogger(PostgresSpanRetention.class);

  /**
   * The advisory lock key every replica uses for retention ("LumRete" in ASCII; any fixed number
   * works).
   */
  public static final long LOCK_KEY = 0x4c756d52657465L;

  private static final Pattern PARTITION_NAME = Pattern.compile("spans_p\\d{8}");

  private final JdbcTemplate jdbc;
  private final PostgresSpanPartitions partitions;

  public PostgresSpanRetention(DataSource dataSource, PostgresSpanPartitions partitions) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.partitions = partitions;
  }

  @Override
  public Result deleteBefore(LocalDate cutoff) {
    Result result = jdbc.execute((ConnectionCallback<Result>) c -> deleteBefore(c, cutoff));
    if (!result.skipped()) {
      partitions.forget();
      log.info(
          "retention (before {}): dropped partitions {}, deleted {} trace summaries and {} rollups",
          cutoff,
          result.droppedPartitions(),
          result.deletedTraces(),
          result.deletedRollups());
    }
    return result;
  }

  private static Result deleteBefore(Connection c, LocalDate cutoff) throws SQLException {
    Instant cutoffInstant = cutoff.atStartOfDay(ZoneOffset.UTC).toInstant();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      if (!tryLock(c)) {
        c.rollback();
        log.info("retention skipped: another replica is running it");
        return Result.skipped(cutoff);
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
      dropped.removeIf(name -> !PARTITION_NAME.matcher(name).matches()); // only ours, never a guess
      try (Statement s = c.createStatement()) {
        for (String name : dropped) {
          s.execute("DROP TABLE " + name); // name checked against spans_pYYYYMMDD above
        }
      }
      int traces = delete(c, "DELETE FROM traces WHERE start_time < ?", cutoffInstant);
      int rollups = delete(c, "DELETE FROM span_rollups_hourly WHERE hour < ?", cutoffInstant);
      c.commit();
      return new Result(false, cutoff, List.copyOf(dropped), traces, rollups);
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
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
