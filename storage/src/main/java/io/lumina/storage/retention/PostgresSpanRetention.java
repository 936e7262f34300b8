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
 * summaries and hourly rollups of those days, without blocking writers: each partition is first
 * detached with {@code DETACH PARTITION ... CONCURRENTLY} (outside any transaction; it takes only a
 * SHARE UPDATE EXCLUSIVE lock on {@code spans}, which inserts and reads do not wait for), then the
 * detached table is dropped, which locks nothing but itself. Summaries, rollups and latency
 * sketches are deleted in batches of {@value #BATCH} rows, each its own short transaction. The
 * first replica to take a session advisory lock does the work, the others skip. An interrupted run
 * is completed by the next one: a detach left pending is finalized, a detached table left undropped
 * is dropped. See docs/decisions/0004-partitioning-and-retention.md.
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
          "retention (before {}): dropped partitions {}, deleted {} trace summaries, {} rollups and"
              + " {} latency sketches",
          cutoff,
          result.droppedPartitions(),
          result.deletedTraces(),
          result.deletedRollups(),
          result.deletedSketches());
    }
    return result;
  }

  /** Rows deleted per statement from summaries and rollups. */
  static final int BATCH = 5000;

  private static Result deleteBefore(Connection c, LocalDate cutoff) throws SQLException {
    Instant cutoffInstant = cutoff.atStartOfDay(ZoneOffset.UTC).toInstant();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(true); // DETACH ... CONCURRENTLY cannot run inside a transaction block
    if (!tryLock(c)) {
      c.setAutoCommit(autoCommit);
      log.info("retention skipped: another replica is running it");
      return Result.skipped(cutoff);
    }
    try {
      try (Statement s = c.createStatement()) {
        // the DROP of a detached table waits at most this for a reader of that table
        s.execute("SET lock_timeout = '10s'");
      }
      List<String> dropped = new ArrayList<>();
      for (String[] partition : attachedBefore(c, cutoff)) {
        String name = partition[0];
        try (Statement s = c.createStatement()) {
          // name checked against spans_pYYYYMMDD
          s.execute(
              "ALTER TABLE spans DETACH PARTITION "
                  + name
                  + ("t".equals(partition[1]) ? " FINALIZE" : " CONCURRENTLY"));
        }
        dropped.add(name);
      }
      for (String name : detachedBefore(c, cutoff)) {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + name); // name checked against spans_pYYYYMMDD
        }
        if (!dropped.contains(name)) {
          dropped.add(name);
        }
      }
      int traces =
          deleteInBatches(
              c,
              "DELETE FROM traces WHERE ctid = ANY (ARRAY(SELECT ctid FROM traces WHERE start_time < ? LIMIT "
                  + BATCH
                  + "))",
              cutoffInstant);
      int rollups =
          deleteInBatches(
              c,
              "DELETE FROM span_rollups_hourly WHERE ctid = ANY (ARRAY(SELECT ctid FROM span_rollups_hourly WHERE hour < ? LIMIT "
                  + BATCH
                  + "))",
              cutoffInstant);
      // the latency sketches share the rollups' hours and go with them
      int sketches =
          deleteInBatches(
              c,
              "DELETE FROM span_latency_sketches_hourly WHERE ctid = ANY (ARRAY(SELECT ctid FROM span_latency_sketches_hourly WHERE hour < ? LIMIT "
                  + BATCH
                  + "))",
              cutoffInstant);
      return new Result(false, cutoff, List.copyOf(dropped), traces, rollups, sketches);
    } finally {
      try (Statement s = c.createStatement()) {
        s.execute("RESET lock_timeout");
        s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** Day partitions still attached that end on or before the cutoff, with their pending flag. */
  private static List<String[]> attachedBefore(Connection c, LocalDate cutoff) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT p.partition_name, i.inhdetachpending
            FROM lumina_span_partitions() p
            JOIN pg_inherits i ON i.inhrelid = to_regclass(p.partition_name)
            WHERE p.to_day <= ? ORDER BY p.from_day""")) {
      ps.setObject(1, cutoff);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (PARTITION_NAME.matcher(rs.getString(1)).matches()) { // only ours, never a guess
            out.add(new String[] {rs.getString(1), rs.getBoolean(2) ? "t" : "f"});
          }
        }
      }
    }
    return out;
  }

  /** Tables named like day partitions, no longer attached, of days before the cutoff. */
  private static List<String> detachedBefore(Connection c, LocalDate cutoff) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT c.relname FROM pg_class c
            WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
              AND c.relname ~ '^spans_p[0-9]{8}$'
              AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)
              AND to_date(substr(c.relname, 8), 'YYYYMMDD') < ?
            ORDER BY c.relname""")) {
      ps.setObject(1, cutoff);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (PARTITION_NAME.matcher(rs.getString(1)).matches()) {
            out.add(rs.getString(1));
          }
        }
      }
    }
    return out;
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, LOCK_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static int deleteInBatches(Connection c, String sql, Instant before) throws SQLException {
    int total = 0;
    while (true) {
      int n = delete(c, sql, before);
      total += n;
      if (n < BATCH) {
        return total;
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
