package io.lumina.storage.spans;

import static io.lumina.testing.OtlpSpans.llmSpan;
import static io.lumina.testing.OtlpSpans.randomSpanId;
import static io.lumina.testing.OtlpSpans.randomTraceId;
import static io.lumina.testing.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.StoredSpans;
import io.lumina.storage.TestStorage;
import io.lumina.testing.OtlpSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write path against the real PostgreSQL: idempotence, summaries in any order, rollups counting
 * only new spans in UTC hours, concurrent writers on one trace. Each test uses its own project, so
 * tests share the JVM's database without seeing each other's rows.
 */
class PostgresSpanWriterIT {
  static DataSource ds;
  static PostgresSpanWriter writer;
  static final Instant NOW = Instant.now();

  @BeforeAll
  static void setUp() {
    ds = TestStorage.dataSource();
    writer = StoredSpans.writer(ds);
  }

  static String project() {
    return TestStorage.project();
  }

  static int write(String project, String service, Span... spans) throws SpanWriteException {
    return writer.write(StoredSpans.of(project, service, spans));
  }

  @Test
  void redeliveredBatchCreatesNoDuplicateAndLeavesRollupsUnchanged() throws Exception {
    String project = project();
    String trace = randomTraceId();
    String root = randomSpanId();
    Span[] spans = {
      span(trace, root, null, "handle", NOW, 500).build(),
      llmSpan(trace, randomSpanId(), root, NOW.plusMillis(10), "gpt-4o", 1000, 200).build(),
      llmSpan(trace, randomSpanId(), root, NOW.plusMillis(20), "gpt-4o", 500, 100).build()
    };

    assertThat(write(project, "checkout", spans)).isEqualTo(3);
    Map<String, Object> rollupsBefore = rollups(project);
    Map<String, Object> traceBefore = traceRow(project, trace);

    assertThat(write(project, "checkout", spans)).isZero();
    assertThat(write(project, "checkout", spans[1])).isZero();

    assertThat(count("SELECT count(*) FROM spans WHERE project_id = '" + project + "'"))
        .isEqualTo(3);
    assertThat(rollups(project)).isEqualTo(rollupsBefore);
    assertThat(traceRow(project, trace)).isEqualTo(traceBefore);
    assertThat(rollupsBefore)
        .containsEntry("span_count", 3L)
        .containsEntry("llm_span_count", 2L)
        .containsEntry("prompt_tokens", 1500L)
        .containsEntry("completion_tokens", 300L);
    assertThat(traceBefore).containsEntry("span_count", 3).containsEntry("prompt_tokens", 1500L);
    assertThat((BigDecimal) traceBefore.get("cost_usd")).isPositive();
  }

  @Test
  void summaryIsRightWhenChildArrivesBeforeRootInSeparateBatches() throws Exception {
    String project = project();
    String trace = randomTraceId();
    String root = randomSpanId();
    String child = randomSpanId();
    String grandChild = randomSpanId();

    write(
        project,
        "worker-svc",
        OtlpSpans.error(llmSpan(trace, grandChild, child, NOW.plusMillis(300), "gpt-4o", 10, 5))
            .build());
    Map<String, Object> partial = traceRow(project, trace);
    assertThat(partial)
        .containsEntry("root_span_id", grandChild)
        .containsEntry("span_count", 1)
        .containsEntry("status", "error");

    write(
        project, "worker-svc", span(trace, child, root, "step", NOW.plusMillis(100), 400).build());
    write(project, "frontend", span(trace, root, null, "GET /chat", NOW, 1000).build());

    Map<String, Object> t = traceRow(project, trace);
    assertThat(t)
        .containsEntry("root_span_id", root)
        .containsEntry("root_name", "GET /chat")
        .containsEntry("service_name", "frontend")
        .containsEntry("span_count", 3)
        .containsEntry("llm_span_count", 1)
        .containsEntry("status", "error")
        .containsEntry("prompt_tokens", 10L)
        .containsEntry("completion_tokens", 5L)
        .containsEntry("user_id", "user-1");
    assertThat((Double) t.get("duration_ms")).isEqualTo(1000.0);
    // timestamptz keeps microseconds (rounded); the nanosecond bounds are kept beside it.
    assertThat(((java.sql.Timestamp) t.get("start_time")).toInstant())
        .isCloseTo(
            NOW, org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MICROS));
    assertThat(t.get("start_unix_nano"))
        .isEqualTo(NOW.getEpochSecond() * 1_000_000_000L + NOW.getNano());

    // The same spans in the other order give the same summary.
    String project2 = project();
    write(project2, "frontend", span(trace, root, null, "GET /chat", NOW, 1000).build());
    write(
        project2, "worker-svc", span(trace, child, root, "step", NOW.plusMillis(100), 400).build());
    write(
        project2,
        "worker-svc",
        OtlpSpans.error(llmSpan(trace, grandChild, child, NOW.plusMillis(300), "gpt-4o", 10, 5))
            .build());
    Map<String, Object> t2 = traceRow(project2, trace);
    t.remove("updated_at");
    t2.remove("updated_at");
    t.remove("project_id");
    t2.remove("project_id");
    assertThat(t2).isEqualTo(t);
  }

  @Test
  void concurrentWritersOnOneTraceLoseNoSpanInTheSummary() throws Exception {
    String project = project();
    String trace = randomTraceId();
    int threads = 4;
    int batches = 15;
    int perBatch = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                (Callable<Integer>)
                    () -> {
                      int inserted = 0;
                      for (int b = 0; b < batches; b++) {
                        Span[] spans = new Span[perBatch];
                        for (int i = 0; i < perBatch; i++) {
                          spans[i] =
                              llmSpan(
                                      trace,
                                      randomSpanId(),
                                      "00000000000000aa",
                                      NOW.plusMillis(i),
                                      "gpt-4o",
                                      1,
                                      1)
                                  .build();
                        }
                        inserted += write(project, "svc", spans);
                      }
                      return inserted;
                    }));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get();
      }
      assertThat(total).isEqualTo(threads * batches * perBatch);
    } finally {
      pool.shutdownNow();
    }
    Map<String, Object> t = traceRow(project, trace);
    assertThat(t)
        .containsEntry("span_count", threads * batches * perBatch)
        .containsEntry("prompt_tokens", (long) threads * batches * perBatch);
    assertThat(rollups(project)).containsEntry("span_count", (long) threads * batches * perBatch);
  }

  @Test
  void hourBucketsAreUtcHoursWhateverTheSessionTimeZone() throws Exception {
    String project = project();
    Instant hour = Instant.parse("2026-03-10T10:00:00Z");
    String trace = randomTraceId();
    // Asia/Kolkata is UTC+5:30: truncating there would split these two into 09:30 and 10:30 UTC.
    StoredSpans.writer(TestStorage.dataSourceIn("Asia/Kolkata"))
        .write(
            StoredSpans.of(
                project,
                "svc",
                llmSpan(trace, randomSpanId(), null, hour.plusSeconds(15 * 60), "gpt-4o", 10, 1)
                    .build(),
                llmSpan(trace, randomSpanId(), null, hour.plusSeconds(45 * 60), "gpt-4o", 10, 1)
                    .build()));
    Map<String, Object> bucket =
        row(
            "SELECT hour, span_count FROM span_rollups_hourly WHERE project_id = '"
                + project
                + "'");
    assertThat(((Timestamp) bucket.get("hour")).toInstant()).isEqualTo(hour);
    assertThat(bucket).containsEntry("span_count", 2L);
  }

  @Test
  void overlongIndexedValuesAreCutNotRejected() throws Exception {
    String project = project();
    String trace = randomTraceId();
    String huge = "u".repeat(10_000);
    assertThat(
            write(
                project,
                "svc",
                span(trace, randomSpanId(), null, "x", NOW, 1)
                    .addAttributes(OtlpSpans.str("user.id", huge))
                    .build()))
        .isEqualTo(1);
    assertThat(count("SELECT length(user_id) FROM spans WHERE project_id = '" + project + "'"))
        .isEqualTo(SpanCopyEncoder.MAX_INDEXED_CHARS);
  }

  static long count(String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Map<String, Object> rollups(String project) throws SQLException {
    return row(
        "SELECT sum(span_count)::bigint AS span_count, sum(llm_span_count)::bigint AS llm_span_count,"
            + " sum(prompt_tokens)::bigint AS prompt_tokens, sum(completion_tokens)::bigint AS completion_tokens,"
            + " sum(cost_usd) AS cost_usd, sum(latency_ms_sum) AS latency_ms_sum, count(*) AS rows"
            + " FROM span_rollups_hourly WHERE project_id = '"
            + project
            + "'");
  }

  static Map<String, Object> traceRow(String project, String trace) throws SQLException {
    return row(
        "SELECT * FROM traces WHERE project_id = '" + project + "' AND trace_id = '" + trace + "'");
  }

  static Map<String, Object> row(String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row for " + sql).isTrue();
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        Object v = rs.getObject(i);
        if (v instanceof java.sql.Array a) {
          v = List.of((Object[]) a.getArray());
        }
        out.put(rs.getMetaData().getColumnLabel(i), v);
      }
      return out;
    }
  }
}
