package io.lumina.worker.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of spans in one transaction: COPY into a session-local staging table; then COPY
 * straight into the partitioned span table (fast path) or, when some span is already stored, one
 * INSERT ... ON CONFLICT DO NOTHING from the staging table; then only the spans really inserted
 * feed the trace summaries and the hourly rollups. A redelivered batch therefore changes nothing;
 * spans may arrive in any order, in any batch, on any replica. See
 * docs/decisions/0003-copy-staging-upsert.md.
 *
 * <p>Thread-safe: each call takes its own connection from the pool.
 */
public final class SpanBatchWriter {
  private static final Logger log = LoggerFactory.getLogger(SpanBatchWriter.class);

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

  private static final String SUMMARY_COLUMNS =
      """
      project_id, trace_id, span_id, parent_span_id, name, service_name, start_time,
      start_time_unix_nano, end_time_unix_nano, model, provider, is_llm, status, prompt_tokens,
      completion_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
      cost_usd, unpriced, latency_ms, user_id, session_id""";

  /**
   * Slow path: some spans may exist already; only those really inserted feed summaries and rollups.
   */
  private static final String UPSERT_NEW_SPANS =
      """
        INSERT INTO spans (%1$s)
        SELECT %1$s FROM spans_in
        ON CONFLICT (project_id, trace_id, span_id, start_time) DO NOTHING
        RETURNING %2$s"""
          .formatted(SpanCopyEncoder.COLUMNS, SUMMARY_COLUMNS);

  /** Fast path: the spans were COPied straight into the table, so every staged span is new. */
  private static final String STAGED_SPANS = "SELECT " + SUMMARY_COLUMNS + " FROM spans_in";

  /**
   * Then, in the same statement, the trace summaries and the rollups from those spans
   * (data-modifying CTEs), each written in key order so that two replicas lock rows in the same
   * order and cannot deadlock. The summary merge is commutative: see V20__worker_storage.sql.
   */
  private static final String SUMMARIZE =
      """
      WITH inserted AS (
        INSERTED_SPANS
      ),
      summaries AS (
        INSERT INTO traces AS t (project_id, trace_id, start_time, end_time, start_unix_nano,
            end_unix_nano, duration_ms, root_span_id, root_name, service_name, root_parentless,
            root_start_unix_nano, span_count, llm_span_count, prompt_tokens, completion_tokens,
            total_tokens, cost_usd, unpriced_spans, status, models, providers, user_id, session_id,
            updated_at)
        SELECT project_id, trace_id, min(start_time),
               to_timestamp(max(end_time_unix_nano) / 1e9),
               min(start_time_unix_nano), max(end_time_unix_nano),
               (max(end_time_unix_nano) - min(start_time_unix_nano)) / 1e6,
               (array_agg(span_id ORDER BY parent_span_id IS NOT NULL, start_time_unix_nano, span_id))[1],
               (array_agg(name ORDER BY parent_span_id IS NOT NULL, start_time_unix_nano, span_id))[1],
               (array_agg(service_name ORDER BY parent_span_id IS NOT NULL, start_time_unix_nano, span_id))[1],
               bool_or(parent_span_id IS NULL),
               (array_agg(start_time_unix_nano ORDER BY parent_span_id IS NOT NULL, start_time_unix_nano, span_id))[1],
               count(*), count(*) FILTER (WHERE is_llm),
               sum(prompt_tokens), sum(completion_tokens), sum(total_tokens), sum(cost_usd),
               count(*) FILTER (WHERE unpriced),
               CASE WHEN bool_or(status = 'error') THEN 'error'
                    WHEN bool_or(status = 'degraded') THEN 'degraded' ELSE 'ok' END,
               coalesce(array_agg(DISTINCT model ORDER BY model) FILTER (WHERE model IS NOT NULL), '{}'),
               coalesce(array_agg(DISTINCT provider ORDER BY provider) FILTER (WHERE provider IS NOT NULL), '{}'),
               (array_agg(user_id ORDER BY start_time_unix_nano, span_id) FILTER (WHERE user_id IS NOT NULL))[1],
               (array_agg(session_id ORDER BY start_time_unix_nano, span_id) FILTER (WHERE session_id IS NOT NULL))[1],
               now()
        FROM inserted
        GROUP BY project_id, trace_id
        ORDER BY project_id, trace_id
        ON CONFLICT (project_id, trace_id) DO UPDATE SET
          start_time = least(t.start_time, excluded.start_time),
          end_time = greatest(t.end_time, excluded.end_time),
          start_unix_nano = least(t.start_unix_nano, excluded.start_unix_nano),
          end_unix_nano = greatest(t.end_unix_nano, excluded.end_unix_nano),
          duration_ms = (greatest(t.end_unix_nano, excluded.end_unix_nano)
                         - least(t.start_unix_nano, excluded.start_unix_nano)) / 1e6,
          root_span_id = CASE WHEN ROOT_WINS THEN excluded.root_span_id ELSE t.root_span_id END,
          root_name = CASE WHEN ROOT_WINS THEN excluded.root_name ELSE t.root_name END,
          service_name = CASE WHEN ROOT_WINS THEN excluded.service_name ELSE t.service_name END,
          root_start_unix_nano = CASE WHEN ROOT_WINS THEN excluded.root_start_unix_nano ELSE t.root_start_unix_nano END,
          root_parentless = t.root_parentless OR excluded.root_parentless,
          span_count = t.span_count + excluded.span_count,
          llm_span_count = t.llm_span_count + excluded.llm_span_count,
          prompt_tokens = coalesce(t.prompt_tokens + excluded.prompt_tokens, t.prompt_tokens, excluded.prompt_tokens),
          completion_tokens = coalesce(t.completion_tokens + excluded.completion_tokens, t.completion_tokens,
                                       excluded.completion_tokens),
          total_tokens = coalesce(t.total_tokens + excluded.total_tokens, t.total_tokens, excluded.total_tokens),
          cost_usd = coalesce(t.cost_usd + excluded.cost_usd, t.cost_usd, excluded.cost_usd),
          unpriced_spans = t.unpriced_spans + excluded.unpriced_spans,
          status = CASE WHEN 'error' IN (t.status, excluded.status) THEN 'error'
                        WHEN 'degraded' IN (t.status, excluded.status) THEN 'degraded' ELSE 'ok' END,
          models = ARRAY(SELECT DISTINCT m FROM unnest(t.models || excluded.models) m ORDER BY m),
          providers = ARRAY(SELECT DISTINCT p FROM unnest(t.providers || excluded.providers) p ORDER BY p),
          user_id = coalesce(t.user_id, excluded.user_id),
          session_id = coalesce(t.session_id, excluded.session_id),
          updated_at = excluded.updated_at
      ),
      rollups AS (
        INSERT INTO span_rollups_hourly AS r (project_id, hour, service_name, model, provider,
            span_count, llm_span_count, error_count, degraded_count, prompt_tokens, completion_tokens,
            cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced_count,
            latency_ms_sum, latency_ms_max)
        SELECT project_id, date_trunc('hour', start_time), service_name, coalesce(model, ''),
               coalesce(provider, ''), count(*), count(*) FILTER (WHERE is_llm),
               count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'degraded'),
               coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0),
               coalesce(sum(cache_read_tokens), 0), coalesce(sum(cache_write_tokens), 0),
               coalesce(sum(reasoning_tokens), 0), coalesce(sum(cost_usd), 0),
               count(*) FILTER (WHERE unpriced), sum(latency_ms), max(latency_ms)
        FROM inserted
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (project_id, hour, service_name, model, provider) DO UPDATE SET
          span_count = r.span_count + excluded.span_count,
          llm_span_count = r.llm_span_count + excluded.llm_span_count,
          error_count = r.error_count + excluded.error_count,
          degraded_count = r.degraded_count + excluded.degraded_count,
          prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
          completion_tokens = r.completion_tokens + excluded.completion_tokens,
          cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens,
          cache_write_tokens = r.cache_write_tokens + excluded.cache_write_tokens,
          reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens,
          cost_usd = r.cost_usd + excluded.cost_usd,
          unpriced_count = r.unpriced_count + excluded.unpriced_count,
          latency_ms_sum = r.latency_ms_sum + excluded.latency_ms_sum,
          latency_ms_max = greatest(r.latency_ms_max, excluded.latency_ms_max)
      )
      SELECT count(*) FROM inserted"""
          .replace(
              "ROOT_WINS",
              // The incoming root candidate wins when it ranks before the stored one: a span
              // without parent
              // first, then the earlier start, then the smaller span id (a total order, so the
              // merge commutes).
              "(NOT excluded.root_parentless, excluded.root_start_unix_nano, excluded.root_span_id)"
                  + " < (NOT t.root_parentless, t.root_start_unix_nano, t.root_span_id)");

  private static final String INSERT_BATCH = SUMMARIZE.replace("INSERTED_SPANS", UPSERT_NEW_SPANS);
  private static final String SUMMARIZE_STAGED = SUMMARIZE.replace("INSERTED_SPANS", STAGED_SPANS);

  private final DataSource dataSource;
  private final Set<LocalDate> knownPartitions = ConcurrentHashMap.newKeySet();

  /** Physical connections that already have the staging table (temp tables live per session). */
  private final Map<PGConnection, Boolean> staged =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Timer insertLatency;

  public SpanBatchWriter(DataSource dataSource, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.insertLatency =
        Timer.builder("lumina.worker.insert.latency")
            .description("time to write one batch of spans in one transaction, retries included")
            .publishPercentileHistogram()
            .register(meters);
  }

  /**
   * Writes the spans in one transaction and returns how many were new. Throws on failure, having
   * changed nothing.
   */
  public int write(List<IncomingSpan> spans) throws SQLException {
    if (spans.isEmpty()) {
      return 0;
    }
    StringBuilder copy = new StringBuilder(spans.size() * 1536);
    SpanCopyEncoder encoder = new SpanCopyEncoder();
    Set<LocalDate> days = new TreeSet<>();
    for (IncomingSpan span : spans) {
      encoder.encode(span, copy);
      days.add(span.startDay());
    }
    String rows = copy.toString();
    long started = System.nanoTime();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          ensurePartitions(days);
          return writeOnce(rows);
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

  private int writeOnce(String rows) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      PGConnection pg = c.unwrap(PGConnection.class);
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (!staged.containsKey(pg)) {
          try (Statement s = c.createStatement()) {
            s.execute(STAGING_TABLE);
          }
        }
        pg.getCopyAPI()
            .copyIn(
                "COPY spans_in (" + SpanCopyEncoder.COLUMNS + ") FROM STDIN",
                new StringReader(rows));
        boolean allNew = copyStraightIn(c, pg, rows);
        int inserted;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(allNew ? SUMMARIZE_STAGED : INSERT_BATCH)) {
          rs.next();
          inserted = rs.getInt(1);
        }
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
   * rare, so most batches pay the price of a plain COPY plus the summaries.
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

  /**
   * Creates missing day partitions in their own short transactions, before the batch's: creating a
   * partition locks the parent table, which must not stay locked for the whole batch, and a batch
   * that rolls back may leave an empty partition behind, which is harmless.
   */
  private void ensurePartitions(Set<LocalDate> days) throws SQLException {
    if (knownPartitions.containsAll(days)) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      for (LocalDate day : days) {
        if (!knownPartitions.contains(day)) {
          ensurePartition(c, day);
        }
      }
    }
  }

  /** Creates the day partition of {@code day} if missing and remembers it. */
  public void ensurePartition(Connection c, LocalDate day) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT lumina_ensure_span_partition(?)")) {
      ps.setObject(1, day);
      ps.execute();
    }
    knownPartitions.add(day);
  }

  /** Forgets cached partitions, e.g. after retention dropped some. */
  public void forgetPartitions() {
    knownPartitions.clear();
  }

  private void forgetOn(Exception e, PGConnection pg) {
    if (e instanceof SQLException sql) {
      String state = sql.getSQLState();
      if ("23514".equals(state)) {
        // No partition for a row: one we believed in was dropped by retention. Look again.
        knownPartitions.clear();
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
