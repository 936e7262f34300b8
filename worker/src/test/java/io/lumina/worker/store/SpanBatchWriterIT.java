package io.lumina.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.testing.TestDatabase;
import io.lumina.wire.SpanBatch;
import io.lumina.worker.Otlp;
import io.lumina.worker.config.RetentionProperties;
import io.lumina.worker.consume.SpanBatchDecoder;
import io.lumina.worker.cost.JdbcProjectPrices;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.sampling.SamplingRules;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write path against the real PostgreSQL: idempotence, summaries in any order, rollups counting
 * only new spans, concurrent writers on one trace, price overrides. Each test uses its own project,
 * so tests share the JVM's database without seeing each other's rows.
 */
class SpanBatchWriterIT {
  static DataSource ds;
  static SpanBatchWriter writer;
  static SpanBatchDecoder decoder;
  static final Instant NOW = Instant.now();

  @BeforeAll
  static void setUp() {
    ds = TestDatabase.shared().migrate().dataSource();
    writer = new SpanBatchWriter(ds, new SimpleMeterRegistry());
    decoder = decoder(CostCalculator.withBundledCatalog(), Clock.systemUTC());
  }

  static SpanBatchDecoder decoder(CostCalculator costs, Clock clock) {
    return new SpanBatchDecoder(
        new SpanNormalizer(),
        costs,
        new Sampler(SamplingRules.keepAll()),
        new RetentionProperties(7, "0 0 * * *"),
        clock);
  }

  static String project() {
    return "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static int write(String project, String service, Span... spans) throws SQLException {
    SpanBatch batch = Otlp.batch(project, service, List.of(spans));
    return writer.write(decoder.decode(batch).spans());
  }

  @Test
  void redeliveredBatchCreatesNoDuplicateAndLeavesRollupsUnchanged() throws Exception {
    String project = project();
    String trace = Otlp.randomTraceId();
    String root = Otlp.randomSpanId();
    Span[] spans = {
      Otlp.span(trace, root, null, "handle", NOW, 500).build(),
      Otlp.llmSpan(trace, Otlp.randomSpanId(), root, NOW.plusMillis(10), "gpt-4o", 1000, 200)
          .build(),
      Otlp.llmSpan(trace, Otlp.randomSpanId(), root, NOW.plusMillis(20), "gpt-4o", 500, 100).build()
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
    String trace = Otlp.randomTraceId();
    String root = Otlp.randomSpanId();
    String child = Otlp.randomSpanId();
    String grandChild = Otlp.randomSpanId();

    write(
        project,
        "worker-svc",
        Otlp.error(Otlp.llmSpan(trace, grandChild, child, NOW.plusMillis(300), "gpt-4o", 10, 5))
            .build());
    Map<String, Object> partial = traceRow(project, trace);
    assertThat(partial)
        .containsEntry("root_span_id", grandChild)
        .containsEntry("span_count", 1)
        .containsEntry("status", "error");

    write(
        project,
        "worker-svc",
        Otlp.span(trace, child, root, "step", NOW.plusMillis(100), 400).build());
    write(project, "frontend", Otlp.span(trace, root, null, "GET /chat", NOW, 1000).build());

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
    write(project2, "frontend", Otlp.span(trace, root, null, "GET /chat", NOW, 1000).build());
    write(
        project2,
        "worker-svc",
        Otlp.span(trace, child, root, "step", NOW.plusMillis(100), 400).build());
    write(
        project2,
        "worker-svc",
        Otlp.error(Otlp.llmSpan(trace, grandChild, child, NOW.plusMillis(300), "gpt-4o", 10, 5))
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
    String trace = Otlp.randomTraceId();
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
                              Otlp.llmSpan(
                                      trace,
                                      Otlp.randomSpanId(),
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
  void projectPriceOverrideWinsOverTheCatalog() throws Exception {
    String project = project();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO projects (id, name) VALUES ('" + project + "', 'override test')");
      s.execute(
          "INSERT INTO pricing_overrides (project_id, model_pattern, input_per_1m, output_per_1m)"
              + " VALUES ('"
              + project
              + "', 'gpt-4o', 1000, 0)");
    }
    JdbcProjectPrices prices = new JdbcProjectPrices(ds, Clock.systemUTC(), Duration.ofSeconds(30));
    SpanBatchDecoder withOverrides =
        decoder(new CostCalculator(PriceCatalog.bundled(), prices), Clock.systemUTC());
    String trace = Otlp.randomTraceId();
    SpanBatch batch =
        Otlp.batch(
            project,
            "svc",
            List.of(
                Otlp.llmSpan(trace, Otlp.randomSpanId(), null, NOW, "gpt-4o-2024-08-06", 1000, 10)
                    .build()));
    writer.write(withOverrides.decode(batch).spans());
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT cost_usd, pricing_source FROM spans WHERE project_id = '"
                    + project
                    + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("1.0"); // 1000 tokens at $1000 per 1M
      assertThat(rs.getString(2)).isEqualTo("PROJECT_OVERRIDE");
    }
  }

  @Test
  void overlongIndexedValuesAreCutNotRejected() throws Exception {
    String project = project();
    String trace = Otlp.randomTraceId();
    String huge = "u".repeat(10_000);
    assertThat(
            write(
                project,
                "svc",
                Otlp.span(trace, Otlp.randomSpanId(), null, "x", NOW, 1)
                    .addAttributes(Otlp.str("user.id", huge))
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

  static Instant at(String iso) {
    return Instant.parse(iso).atOffset(ZoneOffset.UTC).toInstant();
  }
}
