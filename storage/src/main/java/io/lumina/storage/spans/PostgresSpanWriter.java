package io.lumina.storage.spans;

import io.lumina.storage.rollups.HourlyRollups;
import io.lumina.storage.rollups.LatencySketches;
import io.lumina.storage.rollups.TraceSummaries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of spans in one transaction: one COPY straight into the partitioned span table
 * (fast path), then the summary columns of those spans into a narrow session-local table for the
 * trace summaries and the hourly rollups; or, when some span is already stored (the COPY fails with
 * a unique violation and its savepoint is rolled back), a COPY into a staging table and one INSERT
 * ... ON CONFLICT DO NOTHING from it, so that only the spans really inserted feed the summaries and
 * rollups. A redelivered batch therefore changes nothing; spans may arrive in any order, in any
 * batch, on any replica. See docs/decisions/0003-copy-staging-upsert.md.
 *
 * <p>Thread-safe: each call takes its own connection from the pool.
 */
public final class PostgresSpanWriter implements SpanWriter {
  private static final Logger log = LoggerFactory.getLogger(PostgresSpanWriter.class);

  /**
   * The span columns the writer fills, in its COPY order (for tools comparing against plain COPY).
   */
  public static final String COLUMNS = SpanCopyEncoder.COLUMNS;

  /**
   * A deadlock, a serialization failure or a partition dropped under us: worth an immediate retry.
   */
  private static final int ATTEMPTS = 3;

  private static final String STAGING_TABLE =
      """
      CREATE TEMP TABLE IF NOT EXISTS spans_in (LIKE spans INCLUDING DEFAULTS) ON COMMIT DELETE ROWS""";

  /**
   * Slow path: some spans may exist already; only those really inserted feed summaries and rollups.
   */
  private static final String UPSERT_NEW_SPANS =
      """
        INSERT INTO spans (%1$s)
        SELECT %1$s FROM spans_in
        ON CONFLICT (project_id, trace_id, span_id, start_time) DO NOTHING
        RETURNING %2$s"""
          .formatted(SpanCopyEncoder.COLUMNS, TraceSummaries.SPAN_COLUMNS);

  /**
   * What the fast path gives the summaries: only their columns of the spans COPied straight in
   * (every one new), not a second copy of prompts, responses and attributes.
   */
  private static final String NEW_SPANS_TABLE =
      "CREATE TEMP TABLE IF NOT EXISTS spans_new ON COMMIT DELETE ROWS AS SELECT "
          + TraceSummaries.SPAN_COLUMNS
          + " FROM spans WITH NO DATA";

  /** Fast path: the spans were COPied straight into the table, so every one is new. */
  private static final String STAGED_SPANS =
      "SELECT " + TraceSummaries.SPAN_COLUMNS + " FROM spans_new";

  /**
   * Then, in the same statement, the trace summaries and the hourly rollups from those spans
   * (data-modifying CTEs); it returns those spans' latencies per bucket, which {@link
   * LatencySketches#add} then merges into the latency sketches.
   */
  private static final String SUMMARIZE =
      """
      WITH inserted AS (
        INSERTED_SPANS
      ),
      summaries AS (
        %s
      ),
      rollups AS (
        %s
      )
      %s"""
          .formatted(
              TraceSummaries.mergeSpansOf("inserted"),
              HourlyRollups.addSpansOf("inserted"),
              LatencySketches.latenciesOf("inserted"));

  private static final String INSERT_BATCH = SUMMARIZE.replace("INSERTED_SPANS", UPSERT_NEW_SPANS);
  private static final String SUMMARIZE_STAGED = SUMMARIZE.replace("INSERTED_SPANS", STAGED_SPANS);

  private final DataSource dataSource;
  private final PostgresSpanPartitions partitions;

  /** Physical connections that already have the staging table (temp tables live per session). */
  private final Map<PGConnection, Boolean> staged =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Timer insertLatency;

  public PostgresSpanWriter(
      DataSource dataSource, PostgresSpanPartitions partitions, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.partitions = partitions;
    this.insertLatency =
        Timer.builder("lumina.worker.insert.latency")
            .description("time to write one batch of spans in one transaction, retries included")
            .publishPercentileHistogram()
            .register(meters);
  }

  @Override
  public int write(List<IncomingSpan> spans) throws SpanWriteException {
    try {
      return writeWithRetries(spans);
    } catch (SQLException e) {
      throw new SpanWriteException(e);
    }
  }

  @Override
  public boolean check() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private int writeWithRetries(List<IncomingSpan> spans) throws SQLException {
    if (spans.isEmpty()) {
      return 0;
    }
    StringBuilder copy = new StringBuilder(spans.size() * 1536);
    StringBuilder summaryCopy = new StringBuilder(spans.size() * 384);
    SpanCopyEncoder encoder = new SpanCopyEncoder();
    Set<LocalDate> days = new TreeSet<>();
    for (IncomingSpan span : spans) {
      encoder.encode(span, copy, summaryCopy);
      days.add(span.startDay());
    }
    String rows = copy.toString();
    String summaryRows = summaryCopy.toString();
    long started = System.nanoTime();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          partitions.ensure(days);
          return writeOnce(rows, summaryRows);
        } catch (SQLException e) {
          if (attempt >= ATTEMPTS || !isRetryable(e)) {
            throw e;
          }
          log.info("retrying span batch after {} ({})", e.getSQLState(), e.getMessage());
        }
      }
    } finally {
      insertLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  private int writeOnce(String rows, String summaryRows) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      PGConnection pg = c.unwrap(PGConnection.class);
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (!staged.containsKey(pg)) {
          try (Statement s = c.createStatement()) {
            s.execute(STAGING_TABLE);
            s.execute(NEW_SPANS_TABLE);
          }
        }
        boolean allNew = copyStraightIn(c, pg, rows);
        if (allNew) {
          pg.getCopyAPI()
              .copyIn(
                  "COPY spans_new (" + TraceSummaries.SPAN_COLUMNS + ") FROM STDIN",
                  new StringReader(summaryRows));
        } else {
          pg.getCopyAPI()
              .copyIn(
                  "COPY spans_in (" + SpanCopyEncoder.COLUMNS + ") FROM STDIN",
                  new StringReader(rows));
        }
        int inserted;
        Map<LatencySketches.Key, LatencySketches.Latencies> latencies = new HashMap<>();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(allNew ? SUMMARIZE_STAGED : INSERT_BATCH)) {
          inserted = LatencySketches.collect(rs, latencies);
        }
        LatencySketches.add(c, latencies);
        c.commit();
        staged.put(pg, Boolean.TRUE);
        return inserted;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        forgetOn(e, pg);
        throw e;
      } catch (IOException e) {
        rollbackQuietly(c, e);
        throw new SQLException("COPY of span batch failed: " + e.getMessage(), "08000", e);
      } finally {
        if (!c.isClosed()) {
          c.setAutoCommit(autoCommit);
        }
      }
    }
  }

  /**
   * The fast path: COPY the batch straight into the span table, as fast as PostgreSQL takes rows. A
   * span that is already there (a redelivery, a client retry) makes the COPY fail with a unique
   * violation; the savepoint undoes it and the caller takes the upsert path instead. Duplicates are
   * rare, so most batches pay for one COPY of the rows plus a narrow one for the summaries.
   */
  private static boolean copyStraightIn(Connection c, PGConnection pg, String rows)
      throws SQLException, IOException {
    Savepoint savepoint = c.setSavepoint();
    try {
      pg.getCopyAPI()
          .copyIn(
              "COPY spans (" + SpanCopyEncoder.COLUMNS + ") FROM STDIN", new StringReader(rows));
      c.releaseSavepoint(savepoint);
      return true;
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(savepoint);
      return false;
    }
  }

  private void forgetOn(Exception e, PGConnection pg) {
    if (e instanceof SQLException sql) {
      String state = sql.getSQLState();
      if ("23514".equals(state)) {
        // No partition for a row: one we believed in was dropped by retention. Look again.
        partitions.forget();
      } else if ("42P01".equals(state)) {
        // The session lost its staging table (e.g. DISCARD): create it again.
        staged.remove(pg);
      }
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Deadlock, serialization failure, missing partition or missing staging table: try again now. */
  static boolean isRetryable(SQLException e) {
    String state = e.getSQLState();
    return "40P01".equals(state)
        || "40001".equals(state)
        || "23514".equals(state)
        || "42P01".equals(state);
  }
}
