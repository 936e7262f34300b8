package io.lumina.storage.rollups;

import static io.lumina.testing.OtlpSpans.num;
import static io.lumina.testing.OtlpSpans.randomSpanId;
import static io.lumina.testing.OtlpSpans.randomTraceId;
import static io.lumina.testing.OtlpSpans.span;
import static io.lumina.testing.OtlpSpans.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.analytics.Bucket;
import io.lumina.api.pricing.PriceOverride;
import io.lumina.api.traces.SpanRow;
import io.lumina.api.traces.SpanView;
import io.lumina.api.traces.TraceSummary;
import io.lumina.model.UnpricedReason;
import io.lumina.pricing.PriceCatalog;
import io.lumina.storage.StoredSpans;
import io.lumina.storage.TestStorage;
import io.lumina.storage.alerts.ActiveRule;
import io.lumina.storage.alerts.AlertsStorageConfiguration;
import io.lumina.storage.alerts.WindowStats;
import io.lumina.storage.analytics.AnalyticsQuery;
import io.lumina.storage.analytics.AnalyticsReader;
import io.lumina.storage.analytics.AnalyticsStorageConfiguration;
import io.lumina.storage.analytics.ModelUsage;
import io.lumina.storage.pricing.JdbcPriceOverrideStore;
import io.lumina.storage.pricing.PostgresRepricer;
import io.lumina.storage.secrets.Secrets;
import io.lumina.storage.spans.PostgresSpanWriter;
import io.lumina.storage.traces.SearchQuery;
import io.lumina.storage.traces.Sort;
import io.lumina.storage.traces.SpanFilters;
import io.lumina.storage.traces.SpanReader;
import io.lumina.storage.traces.TraceReader;
import io.lumina.storage.traces.TracesStorageConfiguration;
import io.lumina.testing.InstrumentationFixture;
import io.lumina.testing.RollupRows;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each LLM call counted once, in every total storage keeps or computes: a trace whose outer span
 * repeats its steps' usage (recorded from the Vercel AI SDK), unpriced calls by reason, and
 * re-pricing, which keeps every span's role.
 */
class CountingIT {
  private static final String SERVICE = "recorder-vercel-ai";
  private static final String STEP = "ai.generateText.doGenerate";

  private static AnnotationConfigApplicationContext context;
  private final JdbcTemplate jdbc = TestStorage.jdbc();

  @BeforeAll
  static void start() {
    DataSource dataSource = TestStorage.dataSource();
    context = new AnnotationConfigApplicationContext();
    context.registerBean(DataSource.class, () -> dataSource);
    context.registerBean(Secrets.class, TestStorage::secrets);
    context.register(
        TracesStorageConfiguration.class,
        AnalyticsStorageConfiguration.class,
        AlertsStorageConfiguration.class);
    context.refresh();
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void aTraceWhoseOuterSpanRepeatsItsStepsCountsEachStepOnceUnderTheAnsweringModel()
      throws Exception {
    String project = TestStorage.project();
    PostgresSpanWriter writer = StoredSpans.writer(TestStorage.dataSource());
    InstrumentationFixture fixture = InstrumentationFixture.load("vercel-ai/tool-call-two-steps");
    for (byte[] body : fixture.otlpRequests()) {
      writer.write(StoredSpans.of(project, ExportTraceServiceRequest.parseFrom(body)));
    }
    String trace =
        jdbc.queryForObject(
            "SELECT DISTINCT trace_id FROM spans WHERE project_id = ? AND name = ?",
            String.class,
            project,
            STEP);
    Steps steps = steps(project);
    assertThat(steps.count()).isEqualTo(2);

    // the outer span keeps what it reported: the sum of the steps, under the requested model
    Map<String, Object> outer =
        jdbc.queryForMap(
            "SELECT usage_role, model, prompt_tokens, cost_usd FROM spans"
                + " WHERE project_id = ? AND name = 'ai.generateText'",
            project);
    assertThat(outer.get("usage_role")).isEqualTo("aggregate");
    assertThat(outer.get("model")).isEqualTo("gpt-4o");
    assertThat((Long) outer.get("prompt_tokens")).isEqualTo(steps.promptTokens());
    assertThat((BigDecimal) outer.get("cost_usd")).isPositive();

    TraceSummary summary = context.getBean(TraceReader.class).summary(project, trace).orElseThrow();
    assertThat(summary.llmSpanCount()).isEqualTo(2);
    assertThat(summary.promptTokens()).isEqualTo(steps.promptTokens());
    assertThat(summary.completionTokens()).isEqualTo(steps.completionTokens());
    assertThat(summary.costUsd()).isEqualByComparingTo(steps.costUsd());
    assertThat(summary.unpricedSpans()).isZero();
    assertThat(summary.models()).containsExactly("gpt-4o-2024-08-06");
    assertThat(summary.spanCount()).as("every span is still part of the trace").isGreaterThan(3);

    assertThat(context.getBean(TraceReader.class).tree(project, trace))
        .singleElement()
        .satisfies(
            root -> {
              assertThat(root.name()).isEqualTo("ai.generateText");
              assertThat(root.usageRole()).isEqualTo("aggregate");
              assertThat(root.children())
                  .filteredOn(c -> c.name().equals(STEP))
                  .extracting(SpanView::usageRole)
                  .containsExactly("call", "call");
            });

    assertThat(RollupRows.stored(TestStorage.dataSource(), project))
        .isEqualTo(RollupRows.fromSpans(TestStorage.dataSource(), project))
        .noneMatch(row -> row.contains("| gpt-4o |"));

    AnalyticsReader analytics = context.getBean(AnalyticsReader.class);
    Instant from = steps.firstStart().truncatedTo(ChronoUnit.HOURS);
    Instant to = from.plus(Duration.ofHours(2));
    for (AnalyticsQuery.GroupBy by :
        new AnalyticsQuery.GroupBy[] {null, AnalyticsQuery.GroupBy.USER}) {
      // totals from the rollups, and from raw spans (grouping by user reads spans)
      AnalyticsQuery q = new AnalyticsQuery(from, to, by, null, null, null, null, 100);
      Bucket total = analytics.aggregate(project, q, null, null, null).getFirst();
      assertThat(total.llmSpanCount()).as("by %s", by).isEqualTo(2);
      assertThat(total.promptTokens()).isEqualTo(steps.promptTokens());
      assertThat(total.costUsd()).isEqualByComparingTo(steps.costUsd());
    }
    AnalyticsQuery byModel =
        new AnalyticsQuery(from, to, AnalyticsQuery.GroupBy.MODEL, null, null, null, null, 100);
    assertThat(analytics.aggregate(project, byModel, AnalyticsQuery.GroupBy.MODEL, null, 100))
        .filteredOn(b -> b.llmSpanCount() > 0 || b.costUsd().signum() > 0)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.key()).isEqualTo("gpt-4o-2024-08-06");
              assertThat(b.llmSpanCount()).isEqualTo(2);
              assertThat(b.costUsd()).isEqualByComparingTo(steps.costUsd());
            });
    assertThat(analytics.modelUsage(project, from, to))
        .singleElement()
        .extracting(ModelUsage::model, ModelUsage::llmSpanCount)
        .containsExactly("gpt-4o-2024-08-06", 2L);
    AnalyticsQuery latency =
        new AnalyticsQuery(from, to, AnalyticsQuery.GroupBy.MODEL, null, null, null, null, 100);
    assertThat(analytics.latency(project, latency, true))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.key()).isEqualTo("gpt-4o-2024-08-06");
              assertThat(g.spanCount()).isEqualTo(2);
            });

    WindowStats window = context.getBean(WindowStats.class);
    WindowStats.Stats cost = window.measure(rule(project, AlertKind.COST_SPIKE), from, to);
    assertThat(cost.samples()).isEqualTo(2);
    assertThat(BigDecimal.valueOf(cost.value()))
        .isEqualByComparingTo(BigDecimal.valueOf(steps.costUsd().doubleValue()));
    assertThat(window.measure(rule(project, AlertKind.LATENCY_P95), from, to).samples())
        .isEqualTo(2);
  }

  @Test
  void unpricedCallsStoreTheirReasonAndTotalsCountThemByReason() throws Exception {
    String project = TestStorage.project();
    Instant at = Instant.parse("2026-03-01T10:05:00Z");
    String trace = randomTraceId();
    String agent = randomSpanId();
    List<Span> spans =
        List.of(
            // an agent repeating the usage below it: its reason is kept, it counts nowhere
            openInference(trace, agent, null, "AGENT", at).build(),
            openInference(trace, randomSpanId(), agent, "LLM", at.plusSeconds(1)).build(),
            openInference(trace, randomSpanId(), agent, "LLM", at.plusSeconds(2))
                .addAttributes(num("llm.token_count.total", 90))
                .build(),
            span(trace, randomSpanId(), agent, "tokens without model", at.plusSeconds(3), 10)
                .addAttributes(num("gen_ai.usage.input_tokens", 10))
                .addAttributes(num("gen_ai.usage.output_tokens", 5))
                .build(),
            span(trace, randomSpanId(), agent, "house model", at.plusSeconds(4), 10)
                .addAttributes(str("gen_ai.request.model", "house-model-z"))
                .addAttributes(num("gen_ai.usage.input_tokens", 10))
                .addAttributes(num("gen_ai.usage.output_tokens", 5))
                .build());
    StoredSpans.writer(TestStorage.dataSource())
        .write(StoredSpans.of(project, "svc", spans.toArray(Span[]::new)));

    assertThat(
            jdbc.queryForList(
                "SELECT usage_role || ' ' || coalesce(unpriced_reason, '-') FROM spans"
                    + " WHERE project_id = ? ORDER BY start_time",
                String.class,
                project))
        .containsExactly(
            "aggregate no_tokens",
            "call no_tokens",
            "call only_total_tokens",
            "call no_model",
            "call unknown_model");

    List<SpanView> tree = context.getBean(TraceReader.class).tree(project, trace);
    assertThat(tree.getFirst().unpricedReason()).isEqualTo("no_tokens");
    assertThat(tree.getFirst().children())
        .extracting(SpanView::unpricedReason)
        .containsExactly("no_tokens", "only_total_tokens", "no_model", "unknown_model");
    List<SpanRow> rows =
        context
            .getBean(SpanReader.class)
            .list(project, new SearchQuery(SpanFilters.none(), Sort.TIME, false, null, 10))
            .rows();
    assertThat(rows)
        .extracting(SpanRow::usageRole, SpanRow::unpricedReason)
        .first()
        .isEqualTo(org.assertj.core.groups.Tuple.tuple("aggregate", "no_tokens"));
    assertThat(context.getBean(TraceReader.class).summary(project, trace))
        .map(TraceSummary::unpricedSpans)
        .contains(4);

    Map<String, Long> expected =
        Map.of("no_tokens", 1L, "only_total_tokens", 1L, "no_model", 1L, "unknown_model", 1L);
    AnalyticsReader analytics = context.getBean(AnalyticsReader.class);
    Instant from = at.truncatedTo(ChronoUnit.HOURS);
    Instant to = from.plus(Duration.ofHours(1));
    for (AnalyticsQuery.GroupBy by :
        new AnalyticsQuery.GroupBy[] {null, AnalyticsQuery.GroupBy.USER}) {
      Bucket total =
          analytics
              .aggregate(
                  project,
                  new AnalyticsQuery(from, to, by, null, null, null, null, 100),
                  null,
                  null,
                  null)
              .getFirst();
      assertThat(total.unpricedCount()).as("by %s", by).isEqualTo(4);
      assertThat(total.unpricedReasons()).isEqualTo(expected);
      assertThat(total.llmSpanCount()).as("the agent is no request").isEqualTo(4);
    }
    assertThat(analytics.modelUsage(project, from, to))
        .filteredOn(u -> u.model().equals("house-model-z"))
        .singleElement()
        .extracting(ModelUsage::unpricedReasons)
        .isEqualTo(Map.of("unknown_model", 1L));
    assertThat(RollupRows.stored(TestStorage.dataSource(), project))
        .isEqualTo(RollupRows.fromSpans(TestStorage.dataSource(), project));
  }

  @Test
  void repricingKeepsEachSpansRoleAndJudgesItsReasonAgain() throws Exception {
    String project = TestStorage.project();
    Instant at = Instant.parse("2026-03-02T10:05:00Z");
    String trace = randomTraceId();
    String agent = randomSpanId();
    StoredSpans.writer(TestStorage.dataSource())
        .write(
            StoredSpans.of(
                project,
                "svc",
                withTokens(openInference(trace, agent, null, "AGENT", at)).build(),
                withTokens(openInference(trace, randomSpanId(), agent, "LLM", at.plusSeconds(1)))
                    .build(),
                openInference(trace, randomSpanId(), agent, "LLM", at.plusSeconds(2)).build()));
    assertThat(reasons(project)).containsExactly("unknown_model", "unknown_model", "no_tokens");

    JdbcPriceOverrideStore overrides = new JdbcPriceOverrideStore(TestStorage.dataSource());
    overrides.put(
        project,
        new PriceOverride(
            "house-model-w", new BigDecimal("1"), new BigDecimal("2"), null, null, null, null));
    new PostgresRepricer(TestStorage.dataSource(), overrides)
        .reprice(
            project,
            at.truncatedTo(ChronoUnit.HOURS),
            at.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)),
            PriceCatalog.bundled(),
            Duration.ofHours(1));

    assertThat(reasons(project)).containsExactly("-", "-", "no_tokens");
    assertThat(
            jdbc.queryForList(
                "SELECT usage_role || ' ' || coalesce(cost_usd::text, '-') FROM spans"
                    + " WHERE project_id = ? ORDER BY start_time",
                String.class,
                project))
        .as("1000 * 1 + 500 * 2 per 1M, on the agent as on its call")
        .containsExactly("aggregate 0.0020000000", "call 0.0020000000", "call -");
    assertThat(context.getBean(TraceReader.class).summary(project, trace))
        .hasValueSatisfying(
            s -> {
              assertThat(s.costUsd()).isEqualByComparingTo("0.002");
              assertThat(s.unpricedSpans()).isEqualTo(1);
              assertThat(s.llmSpanCount()).isEqualTo(2);
            });
    assertThat(RollupRows.stored(TestStorage.dataSource(), project))
        .isEqualTo(RollupRows.fromSpans(TestStorage.dataSource(), project));
  }

  @Test
  void everyUnpricedReasonHasItsRollupColumn() {
    List<String> columns =
        jdbc.queryForList(
            "SELECT column_name FROM information_schema.columns"
                + " WHERE table_name = 'span_rollups_hourly'",
            String.class);
    assertThat(columns)
        .containsAll(
            Arrays.stream(UnpricedReason.values()).map(HourlyRollups::unpricedColumn).toList());
  }

  private static Span.Builder openInference(
      String trace, String id, String parent, String kind, Instant start) {
    return span(trace, id, parent, kind.toLowerCase(), start, 50)
        .addAttributes(str("openinference.span.kind", kind))
        .addAttributes(str("llm.model_name", "house-model-w"))
        .addAttributes(str("user.id", "user-1"));
  }

  private static Span.Builder withTokens(Span.Builder span) {
    return span.addAttributes(num("llm.token_count.prompt", 1000))
        .addAttributes(num("llm.token_count.completion", 500));
  }

  private List<String> reasons(String project) {
    return jdbc.queryForList(
        "SELECT coalesce(unpriced_reason, '-') FROM spans WHERE project_id = ? ORDER BY start_time",
        String.class,
        project);
  }

  private static ActiveRule rule(String project, AlertKind kind) {
    return new ActiveRule(
        "r", project, SERVICE, null, kind, 2.0, Duration.ofHours(1), null, Instant.EPOCH);
  }

  /** The AI SDK's steps as stored: the calls the trace must count, once each. */
  record Steps(
      long count,
      long promptTokens,
      long completionTokens,
      BigDecimal costUsd,
      Instant firstStart) {}

  private Steps steps(String project) {
    return jdbc.queryForObject(
        "SELECT count(*), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd), min(start_time)"
            + " FROM spans WHERE project_id = ? AND name = ?",
        (rs, i) ->
            new Steps(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getBigDecimal(4),
                rs.getTimestamp(5).toInstant()),
        project,
        STEP);
  }
}
