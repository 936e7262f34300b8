package io.lumina.storage.traces;

import static io.lumina.storage.traces.TestFilters.attribute;
import static io.lumina.storage.traces.TestFilters.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.rollups.TraceSummaries;
import io.lumina.storage.sql.Sql;
import io.lumina.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The plans of the trace list's filters and of the trace detail page, on a database large enough
 * that the planner's choices are the ones it makes in production: {@value #TRACES} traces of five
 * spans over three day partitions, analyzed, with the benchmark dataset's shape (four services, six
 * models, 500 users, 5,000 sessions, 2% failing, 96% of traces in production). Each statement is
 * built by the reader's own code and explained with its values; no plan may read a spans partition
 * or the summaries sequentially, nor start parallel workers.
 */
class TraceListPlansIT {
  private static final int TRACES = 60_000;
  private static final String PROJECT = "default";
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static TestDatabase db;
  private static JdbcClient jdbc;
  private static String largestTrace;

  @BeforeAll
  static void fill() {
    db = TestDatabase.createPrivate("plans");
    db.migrate();
    JdbcTemplate template = new JdbcTemplate(db.dataSource());
    Instant first = NOW.minus(3, ChronoUnit.DAYS);
    for (int d = 0; d <= 3; d++) {
      template.queryForObject(
          "SELECT lumina_ensure_span_partition(?)",
          String.class,
          LocalDate.ofInstant(first.plus(d, ChronoUnit.DAYS), ZoneOffset.UTC));
    }
    template.update(
        """
        INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, service_name, start_time,
            start_time_unix_nano, end_time_unix_nano, latency_ms, status, is_llm, usage_role, model,
            provider, prompt, response, user_id, session_id, attributes, resource_attributes, received_at)
        SELECT ?, lpad(to_hex(k), 32, '0'), lpad(to_hex(p + 1), 16, '0'),
               CASE WHEN p > 0 THEN lpad('1', 16, '0') END,
               CASE WHEN p = 0 THEN 'POST /v1/chat' WHEN p = 3 THEN 'tool.lookup' ELSE 'chat' END,
               (ARRAY['chat-api', 'rag-pipeline', 'support-bot', 'summarizer'])[1 + k % 4], at,
               ns, ns + 100000000, 100,
               CASE WHEN k % 50 = 0 AND p < 3 THEN 'error' ELSE 'ok' END,
               llm, CASE WHEN llm THEN 'call' ELSE 'none' END,
               CASE WHEN llm THEN (ARRAY['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'claude-3-5-haiku',
                                         'gemini-2.5-flash', 'ft:gpt-4o-mini'])[1 + (k + p) % 6] END,
               CASE WHEN llm THEN (ARRAY['openai', 'anthropic', 'gcp.gemini'])[1 + (k + p) % 3] END,
               CASE WHEN llm THEN 'the customer asked about the refund policy order ORD-' || k % 100000 END,
               CASE WHEN llm THEN 'annual plans may be refunded within thirty days' END,
               CASE WHEN p IN (0, 2) THEN 'user-' || (k / 7) % 500 END,
               CASE WHEN p IN (2, 4) THEN 'sess-' || (k / 3) % 5000 END,
               CASE p WHEN 0 THEN jsonb_build_object('http.response.status_code',
                                                     CASE WHEN k % 50 = 0 THEN 500 ELSE 200 END)
                      WHEN 3 THEN jsonb_build_object('tool.name', 'lookup_invoice', 'invoice', 'INV-' || k)
                      ELSE jsonb_build_object('gen_ai.operation.name', 'chat') END,
               jsonb_build_object('service.version', '1.' || k % 5 || '.0',
                                  'deployment.environment.name',
                                  CASE k % 50 WHEN 1 THEN 'staging' WHEN 2 THEN 'development'
                                              ELSE 'production' END),
               now()
        FROM generate_series(0, ? - 1) k, generate_series(0, 4) p,
             LATERAL (SELECT p IN (2, 4) AS llm,
                             CAST(? AS timestamptz) + make_interval(secs => k * ? + p * 0.2) AS at) x,
             LATERAL (SELECT (extract(epoch FROM at) * 1000000)::bigint * 1000 AS ns) n""",
        PROJECT, TRACES, first.atOffset(ZoneOffset.UTC), 3 * 86_400.0 / TRACES);
    template.update(
        TraceSummaries.mergeSpansOf(
            "(SELECT %s FROM spans) d".formatted(TraceSummaries.SPAN_COLUMNS)));
    // as autovacuum leaves a production database: statistics of each partition and of the
    // summaries, none for the partitioned parent (autovacuum never analyzes it)
    for (String table :
        template.queryForList(
            "SELECT partition_name FROM lumina_span_partitions()", String.class)) {
      template.execute("ANALYZE " + table);
    }
    template.execute("ANALYZE traces");
    jdbc = JdbcClient.create(db.dataSource());
    largestTrace = "%032x".formatted(TRACES - 1);
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  static Stream<Arguments> filters() {
    return Stream.of(
        Arguments.of("latest", where(Map.of())),
        Arguments.of("service", where(Map.of("service", "support-bot"))),
        Arguments.of("model", where(Map.of("model", "gpt-4o-mini"))),
        Arguments.of("status", where(Map.of("status", "error"))),
        Arguments.of("user", where(Map.of("user", "user-42"))),
        Arguments.of("session", where(Map.of("session", "sess-42"))),
        Arguments.of(
            "attr, common resource attribute",
            where(Map.of(), attribute("deployment.environment.name", "production"))),
        Arguments.of(
            "attr, rare resource attribute",
            where(Map.of(), attribute("deployment.environment.name", "staging"))),
        Arguments.of(
            "attr, resource attribute", where(Map.of(), attribute("service.version", "1.2.0"))),
        Arguments.of(
            "attr, common span attribute",
            where(Map.of(), attribute("tool.name", "lookup_invoice"))),
        Arguments.of(
            "attr, numeric span attribute",
            where(Map.of(), attribute("http.response.status_code", "500", 500L))),
        Arguments.of(
            "attr, unique span attribute", where(Map.of(), attribute("invoice", "INV-4242"))),
        Arguments.of("q, common word", where(Map.of("q", "refund"))),
        Arguments.of("q, rare word", where(Map.of("q", "ORD-448"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void traceListReadsNoTableWhole(String name, SpanFilters filters) {
    Sql sql =
        JdbcTraceReader.listStatement(PROJECT, new SearchQuery(filters, Sort.TIME, true, null, 50));

    String plan = explain(sql.text(), sql.params());

    assertThat(forbiddenNodes(plan)).as("%s: %s\n%s", name, sql.text(), plan).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void traceListFindsTraces(String name, SpanFilters filters) {
    Sql sql =
        JdbcTraceReader.listStatement(PROJECT, new SearchQuery(filters, Sort.TIME, true, null, 50));

    assertThat(jdbc.sql(sql.text()).params(sql.params()).query().listOfRows()).isNotEmpty();
  }

  @Test
  void traceDetailReadsNoTableWhole() {
    String plan =
        explain(
            JdbcTraceReader.treePageStatement(),
            Map.of(
                "project",
                PROJECT,
                "trace",
                largestTrace,
                "cut",
                2000,
                "afterNano",
                Long.MIN_VALUE,
                "afterSpan",
                "",
                "fetch",
                501));

    assertThat(forbiddenNodes(plan)).isEmpty();
  }

  private static String explain(String sql, Map<String, ?> params) {
    return jdbc.sql("EXPLAIN (FORMAT JSON) " + sql).params(params).query(String.class).single();
  }

  /**
   * The relations a plan reads with a sequential scan (spans partitions and summaries only), and
   * any parallel workers it starts: a page of the list is too little work for them to pay off.
   */
  private static List<String> forbiddenNodes(String plan) {
    return PlanNodes.find(plan, TraceListPlansIT::forbidden);
  }

  private static Stream<String> forbidden(JsonNode node) {
    String type = node.path("Node Type").asString("");
    String relation = node.path("Relation Name").asString("");
    if (type.equals("Seq Scan") && (relation.startsWith("spans") || relation.equals("traces"))) {
      return Stream.of(relation);
    }
    return type.startsWith("Gather") ? Stream.of(type + " (parallel workers)") : Stream.empty();
  }
}
