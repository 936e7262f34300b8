package io.lumina.storage.traces;

import static io.lumina.storage.traces.TestFilters.attribute;
import static io.lumina.storage.traces.TestFilters.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.rollups.TraceSummaries;
import io.lumina.storage.spans.PostgresSpanPartitions;
import io.lumina.storage.sql.Sql;
import io.lumina.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The partition of a new day, written to but never analyzed: {@link
 * PostgresSpanPartitions#analyzeNew} finds it and gathers its statistics once, after which the
 * trace list reads it through its GIN indexes for a rare word and a rare attribute instead of
 * testing each of its rows (docs/performance.md, "Statistics of a new day").
 */
class NewDayPlansIT {
  private static final int TRACES = 6_000;
  private static final String PROJECT = "default";
  private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC);
  private static final String PARTITION = "spans_p" + DAY.toString().replace("-", "");
  private static TestDatabase db;
  private static JdbcTemplate template;
  private static PostgresSpanPartitions partitions;

  @BeforeAll
  static void fill() {
    db = TestDatabase.createPrivate("newday");
    db.migrate();
    template = new JdbcTemplate(db.dataSource());
    partitions = new PostgresSpanPartitions(db.dataSource());
    partitions.create(List.of(DAY));
    Instant first = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    template.update(
        """
        INSERT INTO spans (project_id, trace_id, span_id, name, service_name, start_time,
            start_time_unix_nano, end_time_unix_nano, latency_ms, status, is_llm, usage_role, model,
            prompt, response, attributes, resource_attributes, received_at)
        SELECT ?, lpad(to_hex(k), 32, '0'), lpad(to_hex(p + 1), 16, '0'),
               'chat', 'support-bot', at, ns, ns + 100000000, 100, 'ok', p > 0,
               CASE WHEN p > 0 THEN 'call' ELSE 'none' END,
               CASE WHEN p > 0 THEN 'gpt-4o-mini' END,
               CASE WHEN p > 0 THEN 'the customer asked about the refund policy order ORD-' || k END,
               CASE WHEN p > 0 THEN 'annual plans may be refunded within thirty days' END,
               jsonb_build_object('tool.name', 'lookup_invoice', 'invoice', 'INV-' || k),
               jsonb_build_object('deployment.environment.name', 'production'),
               now()
        FROM generate_series(0, ? - 1) k, generate_series(0, 4) p,
             LATERAL (SELECT CAST(? AS timestamptz) + make_interval(secs => k * ? + p * 0.2) AS at) x,
             LATERAL (SELECT (extract(epoch FROM at) * 1000000)::bigint * 1000 AS ns) n""",
        PROJECT,
        TRACES,
        first.atOffset(ZoneOffset.UTC),
        3_600.0 / TRACES);
    template.update(
        TraceSummaries.mergeSpansOf(
            "(SELECT %s FROM spans) d".formatted(TraceSummaries.SPAN_COLUMNS)));
    template.execute("ANALYZE traces");
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aNewDayIsAnalyzedOnceAndThenReadByItsIndexes() throws InterruptedException {
    assertThat(statisticsRows()).isZero();
    // without statistics the planner reads the day by project and tests every row
    assertThat(indexesRead(where(Map.of("q", "ORD-448"))))
        .doesNotContain(PARTITION + "_to_tsvector_idx");

    // the inserting backend reports its row counts within about ten seconds of going idle
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (rowsWritten() < 5L * TRACES && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(rowsWritten()).isEqualTo(5L * TRACES);

    assertThat(partitions.analyzeNew(5L * TRACES + 1)).isEmpty();
    List<String> analyzed = partitions.analyzeNew(1_000);

    assertThat(analyzed).containsExactly(PARTITION);
    assertThat(statisticsRows()).isPositive();
    assertThat(partitions.analyzeNew(1_000)).isEmpty();
    assertThat(indexesRead(where(Map.of("q", "ORD-448")))).contains(PARTITION + "_to_tsvector_idx");
    assertThat(indexesRead(where(Map.of(), attribute("invoice", "INV-448"))))
        .contains(PARTITION + "_attributes_idx");
  }

  private static long rowsWritten() {
    return template.queryForObject(
        "SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = ?",
        Long.class,
        PARTITION);
  }

  private static int statisticsRows() {
    return template.queryForObject(
        "SELECT count(*) FROM pg_stats WHERE tablename = ?", Integer.class, PARTITION);
  }

  /** The indexes the trace list's plan reads, with the filter's values. */
  private static List<String> indexesRead(SpanFilters filters) {
    Sql sql =
        JdbcTraceReader.listStatement(PROJECT, new SearchQuery(filters, Sort.TIME, true, null, 50));
    String plan =
        JdbcClient.create(db.dataSource())
            .sql("EXPLAIN (FORMAT JSON) " + sql.text())
            .params(sql.params())
            .query(String.class)
            .single();
    return PlanNodes.find(
        plan,
        node ->
            node.has("Index Name") ? Stream.of(node.get("Index Name").asString()) : Stream.empty());
  }
}
