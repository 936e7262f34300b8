package io.lumina.storage.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.traces.SpanRow;
import io.lumina.api.traces.SpanView;
import io.lumina.api.traces.TraceSummary;
import io.lumina.storage.TestStorage;
import io.lumina.storage.export.ExportQuery;
import io.lumina.storage.export.ExportStorageConfiguration;
import io.lumina.storage.export.ExportedSpan;
import io.lumina.storage.export.SpanExportReader;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The trace, span and export readers over three one-span traces, one second apart, the later ones
 * dearer: pages by keyset, a trace as a tree, and an export handed over one span at a time. The
 * readers come from their configurations, as a service gets them.
 */
class ReadersIT {
  private static final String PROJECT = "p-" + UUID.randomUUID();
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
  private static AnnotationConfigApplicationContext context;

  @BeforeAll
  static void threeTraces() {
    DataSource dataSource = TestStorage.dataSource();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.queryForObject(
        "SELECT lumina_ensure_span_partition(?)",
        String.class,
        LocalDate.ofInstant(T0, ZoneOffset.UTC));
    jdbc.queryForObject(
        "SELECT lumina_ensure_span_partition(?)",
        String.class,
        LocalDate.ofInstant(T0.plusSeconds(3), ZoneOffset.UTC));
    jdbc.update(
        """
        INSERT INTO spans (project_id, trace_id, span_id, name, service_name, start_time, start_time_unix_nano,
            end_time_unix_nano, latency_ms, status, is_llm, usage_role, model, cost_usd, prompt_tokens, events,
            received_at)
        SELECT ?, lpad(to_hex(g), 32, '0'), lpad(to_hex(g), 16, '0'), 'chat', 'svc', t, ns, ns + 5000000, 5,
               'ok', true, 'call', 'gpt-4o', g * 0.01, 100 * g, '[{"name": "retry"}]', now()
        FROM generate_series(1, 3) g,
             LATERAL (SELECT ?::timestamptz + g * interval '1 second' AS t) at,
             LATERAL (SELECT (extract(epoch FROM t) * 1000000000)::bigint AS ns) n""",
        PROJECT,
        Timestamp.from(T0));
    jdbc.update(
        """
        INSERT INTO traces (project_id, trace_id, start_time, end_time, duration_ms, root_span_id, root_name,
            service_name, span_count, llm_span_count, cost_usd, status, models)
        SELECT project_id, trace_id, start_time, start_time + interval '5 milliseconds', 5, span_id, name,
               service_name, 1, 1, cost_usd, 'ok', ARRAY[model]
        FROM spans WHERE project_id = ?""",
        PROJECT);
    context = new AnnotationConfigApplicationContext();
    context.registerBean(DataSource.class, () -> dataSource);
    context.register(TracesStorageConfiguration.class, ExportStorageConfiguration.class);
    context.refresh();
  }

  private static String traceId(int n) {
    return "%032x".formatted(n);
  }

  @Test
  void traceListPagesByKeysetNewestFirst() {
    TraceReader traces = context.getBean(TraceReader.class);
    SearchQuery first = new SearchQuery(SpanFilters.none(), Sort.TIME, true, null, 2);
    Page<TraceSummary> page1 = traces.list(PROJECT, first);
    assertThat(page1.rows())
        .extracting(TraceSummary::traceId)
        .containsExactly(traceId(3), traceId(2));
    assertThat(page1.nextCursor()).isNotNull();
    SearchQuery next =
        new SearchQuery(
            SpanFilters.none(),
            Sort.TIME,
            true,
            Cursor.decode(page1.nextCursor(), Sort.TIME, true, false),
            2);
    Page<TraceSummary> page2 = traces.list(PROJECT, next);
    assertThat(page2.rows()).extracting(TraceSummary::traceId).containsExactly(traceId(1));
    assertThat(page2.nextCursor()).as("the last page").isNull();
    assertThat(traces.mostExpensive(PROJECT, T0, T0.plusSeconds(10), 2))
        .extracting(TraceSummary::costUsd)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("0.03"), new BigDecimal("0.02"));
  }

  @Test
  void oneTraceIsATreeWithItsRawJson() {
    TraceReader traces = context.getBean(TraceReader.class);
    List<SpanView> tree = traces.tree(PROJECT, traceId(2));
    assertThat(tree)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.model()).isEqualTo("gpt-4o");
              assertThat(s.tokens().prompt()).isEqualTo(200L);
              assertThat(s.events()).contains("\"retry\"");
              assertThat(s.children()).isEmpty();
            });
    assertThat(traces.summary(PROJECT, traceId(2)))
        .map(TraceSummary::models)
        .contains(List.of("gpt-4o"));
    assertThat(traces.tree("another-project", traceId(2))).isEmpty();
  }

  @Test
  void spanListFiltersAndSortsByCost() {
    SpanReader spans = context.getBean(SpanReader.class);
    SpanFilters dearOnes =
        new SpanFilters(
            null,
            "gpt-4o",
            null,
            null,
            null,
            null,
            null,
            new BigDecimal("0.015"),
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null);
    Page<SpanRow> page = spans.list(PROJECT, new SearchQuery(dearOnes, Sort.COST, false, null, 10));
    assertThat(page.rows()).extracting(SpanRow::traceId).containsExactly(traceId(2), traceId(3));
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void exportHandsOverEverySpanInStartOrder() throws Exception {
    SpanExportReader export = context.getBean(SpanExportReader.class);
    List<ExportedSpan> got = new ArrayList<>();
    export.read(new ExportQuery(PROJECT, null, null, "svc"), 1, got::add);
    assertThat(got)
        .extracting(ExportedSpan::traceId)
        .containsExactly(traceId(1), traceId(2), traceId(3));
    assertThat(got.getFirst().events()).contains("retry");
    List<ExportedSpan> none = new ArrayList<>();
    export.read(new ExportQuery(PROJECT, null, T0, null), 1, none::add);
    assertThat(none).isEmpty();
  }
}
