package io.lumina.worker.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Component;

/**
 * Writes a batch of spans in one transaction: COPY into a session-local staging table, then one
 * INSERT ... ON CONFLICT DO NOTHING into the partitioned span table whose RETURNING rows (only the
 * spans that were new) feed the hourly rollups, then the summaries of every trace the batch touched
 * are recomputed from their spans. A redelivered batch therefore changes nothing, and spans may
 * arrive in any order. See docs/decisions/0003-copy-staging-upsert.md.
 */
@Component
public class SpanBatchWriter {

  private static final String STAGING_TABLE = """
      CREATE TEMP TABLE IF NOT EXISTS spans_in (LIKE spans INCLUDING DEFAULTS) ON COMMIT DELETE ROWS""";

  private static final String INSERT_SPANS_AND_ROLLUPS = """
      WITH inserted AS (
        INSERT INTO spans (%1$s)
        SELECT %1$s FROM spans_in
        ON CONFLICT (project_id, trace_id, span_id, start_time) DO NOTHING
        RETURNING project_id, start_time, service_name, model, provider, is_llm, status,
                  prompt_tokens, completion_tokens, cache_read_tokens, cache_write_tokens,
                  reasoning_tokens, cost_usd, unpriced, latency_ms
      )
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
        latency_ms_max = greatest(r.latency_ms_max, excluded.latency_ms_max)""";

  /** Recomputes the summary of each trace the staged batch touched, from all of its stored spans. */
  private static final String UPSERT_TRACES = """
      INSERT INTO traces AS t (project_id, trace_id, start_time, end_time, duration_ms, root_span_id,
          root_name, service_name, span_count, llm_span_count, prompt_tokens, completion_tokens,
          total_tokens, cost_usd, unpriced_spans, status, models, user_id, session_id, updated_at)
      SELECT s.project_id, s.trace_id,
             min(s.start_time),
             to_timestamp(max(s.end_time_unix_nano) / 1e9),
             (max(s.end_time_unix_nano) - min(s.start_time_unix_nano)) / 1e6,
             (array_agg(s.span_id ORDER BY s.parent_span_id IS NOT NULL, s.start_time_unix_nano))[1],
             (array_agg(s.name ORDER BY s.parent_span_id IS NOT NULL, s.start_time_unix_nano))[1],
             (array_agg(s.service_name ORDER BY s.parent_span_id IS NOT NULL, s.start_time_unix_nano))[1],
             count(*), count(*) FILTER (WHERE s.is_llm),
             sum(s.prompt_tokens), sum(s.completion_tokens), sum(s.total_tokens),
             sum(s.cost_usd), count(*) FILTER (WHERE s.unpriced),
             CASE WHEN bool_or(s.status = 'error') THEN 'error'
                  WHEN bool_or(s.status = 'degraded') THEN 'degraded' ELSE 'ok' END,
             coalesce(array_agg(DISTINCT s.model) FILTER (WHERE s.model IS NOT NULL), '{}'),
             (array_agg(s.user_id) FILTER (WHERE s.user_id IS NOT NULL))[1],
             (array_agg(s.session_id) FILTER (WHERE s.session_id IS NOT NULL))[1],
             now()
      FROM spans s
      WHERE (s.project_id, s.trace_id) IN (SELECT DISTINCT project_id, trace_id FROM spans_in)
      GROUP BY s.project_id, s.trace_id
      ON CONFLICT (project_id, trace_id) DO UPDATE SET
        start_time = excluded.start_time, end_time = excluded.end_time,
        duration_ms = excluded.duration_ms, root_span_id = excluded.root_span_id,
        root_name = excluded.root_name, service_name = excluded.service_name,
        span_count = excluded.span_count, llm_span_count = excluded.llm_span_count,
        prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
        total_tokens = excluded.total_tokens, cost_usd = excluded.cost_usd,
        unpriced_spans = excluded.unpriced_spans, status = excluded.status, models = excluded.models,
        user_id = excluded.user_id, session_id = excluded.session_id, updated_at = excluded.updated_at""";

  private final DataSource dataSource;
  private final Set<LocalDate> knownPartitions = ConcurrentHashMap.newKeySet();
  private final Timer insertLatency;

  public SpanBatchWriter(DataSource dataSource, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.insertLatency = Timer.builder("lumina.worker.insert.latency")
        .description("time to write one batch of spans in one transaction")
        .publishPercentileHistogram()
        .register(meters);
  }

  /** Writes the spans in one transaction. Throws on any failure, having changed nothing. */
  public void write(List<IncomingSpan> spans) throws SQLException {
    if (spans.isEmpty()) {
      return;
    }
    StringBuilder copy = new StringBuilder(spans.size() * 1024);
    SpanCopyEncoder encoder = new SpanCopyEncoder();
    Set<LocalDate> days = new TreeSet<>();
    for (IncomingSpan span : spans) {
      encoder.encode(span, copy);
      days.add(LocalDate.ofEpochDay(Math.floorDiv(span.span().getStartTimeUnixNano(), 86_400_000_000_000L)));
    }
    long started = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        Set<LocalDate> created = ensurePartitions(c, days);
        try (Statement s = c.createStatement()) {
          s.execute(STAGING_TABLE);
        }
        c.unwrap(PGConnection.class).getCopyAPI()
            .copyIn("COPY spans_in (" + SpanCopyEncoder.COLUMNS + ") FROM STDIN", new StringReader(copy.toString()));
        try (Statement s = c.createStatement()) {
          s.executeUpdate(INSERT_SPANS_AND_ROLLUPS.formatted(SpanCopyEncoder.COLUMNS));
          s.executeUpdate(UPSERT_TRACES);
        }
        c.commit();
        // Only a committed partition may be remembered: a rolled-back CREATE left nothing behind.
        knownPartitions.addAll(created);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        if (isMissingPartition(e)) {
          // A partition we believed in was dropped (retention) or never committed: look again next time.
          knownPartitions.clear();
        }
        throw e;
      } catch (java.io.IOException e) {
        c.rollback();
        throw new SQLException("COPY of span batch failed: " + e.getMessage(), "08000", e);
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } finally {
      insertLatency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  private Set<LocalDate> ensurePartitions(Connection c, Set<LocalDate> days) throws SQLException {
    Set<LocalDate> ensured = new TreeSet<>();
    for (LocalDate day : days) {
      if (knownPartitions.contains(day)) {
        continue;
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT lumina_ensure_span_partition(?)")) {
        ps.setObject(1, day);
        ps.execute();
      }
      ensured.add(day);
    }
    return ensured;
  }

  /** Forgets cached partitions, e.g. after retention dropped some. */
  public void forgetPartitions() {
    knownPartitions.clear();
  }

  private static boolean isMissingPartition(Exception e) {
    return e instanceof SQLException sql && "23514".equals(sql.getSQLState());
  }
}
