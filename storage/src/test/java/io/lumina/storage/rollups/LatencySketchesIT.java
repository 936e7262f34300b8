package io.lumina.storage.rollups;

import static io.lumina.testing.OtlpSpans.llmSpan;
import static io.lumina.testing.OtlpSpans.randomSpanId;
import static io.lumina.testing.OtlpSpans.randomTraceId;
import static io.lumina.testing.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import db.migration.V101__backfill_latency_sketches;
import io.lumina.api.analytics.LatencyGroup;
import io.lumina.storage.StoredSpans;
import io.lumina.storage.TestStorage;
import io.lumina.storage.analytics.AnalyticsQuery;
import io.lumina.storage.analytics.AnalyticsQuery.GroupBy;
import io.lumina.storage.analytics.AnalyticsQuery.Interval;
import io.lumina.storage.analytics.AnalyticsReader;
import io.lumina.storage.analytics.AnalyticsStorageConfiguration;
import io.lumina.storage.secrets.Secrets;
import io.lumina.storage.spans.IncomingSpan;
import io.lumina.storage.spans.PostgresSpanWriter;
import io.opentelemetry.proto.trace.v1.Span;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Latency percentiles from the hourly sketches: they agree with {@code percentile_cont} over the
 * same spans within the sketches' relative accuracy, count only the spans an insert really added,
 * survive concurrent writers, and are rebuilt from stored spans.
 */
class LatencySketchesIT {
  private static final double ALPHA = LatencySketches.RELATIVE_ACCURACY;
  private static final double[] QUANTILES = {0.5, 0.95, 0.99};
  private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", null};

  private static AnnotationConfigApplicationContext context;
  private static AnalyticsReader reader;
  private final JdbcTemplate jdbc = TestStorage.jdbc();
  private final PostgresSpanWriter writer = StoredSpans.writer(TestStorage.dataSource());

  @BeforeAll
  static void start() {
    DataSource dataSource = TestStorage.dataSource();
    context = new AnnotationConfigApplicationContext();
    context.registerBean(DataSource.class, () -> dataSource);
    context.registerBean(Secrets.class, TestStorage::secrets);
    context.register(AnalyticsStorageConfiguration.class);
    context.refresh();
    reader = context.getBean(AnalyticsReader.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void percentilesAgreeWithPercentileContWithinTheRelativeAccuracy() throws Exception {
    String project = TestStorage.project();
    Instant base = Instant.parse("2021-06-03T10:00:00Z");
    write(project, spans(project, base, 3, 2400, new Random(42)));
    Instant end = base.plus(3, ChronoUnit.HOURS);

    List<Case> cases =
        List.of(
            new Case(query(base, end, null, null, null), false),
            new Case(query(base, end, null, null, null), true),
            new Case(query(base, end, GroupBy.MODEL, null, null), true),
            new Case(query(base, end, GroupBy.MODEL, null, null), false),
            new Case(query(base, end, GroupBy.SERVICE, null, null), false),
            new Case(query(base, end, GroupBy.PROVIDER, null, null), true),
            new Case(query(base, end, GroupBy.HOUR, null, null), false),
            new Case(
                query(
                    base.plus(1, ChronoUnit.HOURS), end, GroupBy.SERVICE, Interval.HOUR, "gpt-4o"),
                true),
            new Case(query(base, base.plus(1, ChronoUnit.HOURS), GroupBy.DAY, null, null), false));
    for (Case c : cases) {
      List<LatencyGroup> groups = reader.latency(project, c.query(), c.llmOnly());
      assertThat(groups).as("%s", c).isNotEmpty();
      long total = 0;
      for (LatencyGroup g : groups) {
        Expected e = expected(project, c, g);
        assertThat(g.spanCount()).as("%s %s", c, g).isEqualTo(e.count());
        assertThat(g.avg()).as("avg %s %s", c, g).isCloseTo(e.avg(), within(1e-6 * e.avg()));
        assertThat(g.max()).as("max %s %s", c, g).isEqualTo(e.max());
        double[] got = {g.p50(), g.p95(), g.p99()};
        for (int i = 0; i < QUANTILES.length; i++) {
          double cont = e.cont()[i];
          // between the latencies of the ranks around q(n-1), within ALPHA of them and of
          // percentile_cont
          assertThat(got[i])
              .as("p%s %s %s", QUANTILES[i], c, g)
              .isBetween(e.below()[i] * (1 - ALPHA), e.above()[i] * (1 + ALPHA));
          assertThat(Math.abs(got[i] - cont))
              .as("p%s vs percentile_cont %s %s", QUANTILES[i], c, g)
              .isLessThanOrEqualTo(ALPHA * cont + 1e-9);
        }
        total += g.spanCount();
      }
      assertThat(total).as("every span of %s in one group", c).isEqualTo(count(project, c));
    }
  }

  @Test
  void aRedeliveredBatchChangesNoSketch() throws Exception {
    String project = TestStorage.project();
    Instant base = Instant.parse("2021-06-04T10:00:00Z");
    List<IncomingSpan> first = spans(project, base, 2, 300, new Random(7));
    write(project, first);
    List<Map<String, Object>> before = sketchRows(project);

    write(project, first);
    assertThat(sketchRows(project)).isEqualTo(before);

    // half stored already, half new: only the new half is added
    List<IncomingSpan> more = spans(project, base, 2, 300, new Random(8));
    List<IncomingSpan> mixed = new ArrayList<>(first.subList(0, 150));
    mixed.addAll(more);
    write(project, mixed);
    assertThat(sketchTotal(project, false)).isEqualTo(600);
    assertThat(decodedTotal(project, false)).isEqualTo(600);
  }

  @Test
  void concurrentWritersOnTheSameKeysLoseNothing() throws Exception {
    String project = TestStorage.project();
    Instant base = Instant.parse("2021-06-05T10:00:00Z");
    // the day's partition first: creating it is not what this test races
    write(project, spans(project, base, 2, 60, new Random(99)));
    long deadlocksBefore = deadlocks();
    int writers = 4;
    int batches = 10;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Random random = new Random(100 + w);
        runs.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < batches; b++) {
                    writer.write(spans(project, base, 2, 60, random));
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long spans = (writers * batches + 1) * 60L;
    assertThat(count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(spans);
    assertThat(sketchTotal(project, false)).isEqualTo(spans);
    assertThat(decodedTotal(project, false)).isEqualTo(spans);
    assertThat(sketchTotal(project, true))
        .isEqualTo(
            count(
                "SELECT count(*) FROM spans WHERE project_id = ? AND is_llm AND usage_role = 'call'",
                project));
    jdbc.execute("SELECT pg_stat_clear_snapshot()");
    assertThat(deadlocks()).as("deadlocks in this database").isEqualTo(deadlocksBefore);
  }

  @Test
  void backfillFromStoredSpansWritesWhatTheWriterWrote() throws Exception {
    String project = TestStorage.project();
    Instant base = Instant.parse("2021-09-17T10:00:00Z");
    write(project, spans(project, base, 3, 500, new Random(11)));
    List<String> written = decodedRows(project);
    assertThat(written).isNotEmpty();

    jdbc.update("DELETE FROM span_latency_sketches_hourly WHERE project_id = ?", project);
    Instant from = base.truncatedTo(ChronoUnit.DAYS);
    try (Connection c = TestStorage.dataSource().getConnection()) {
      LatencySketches.rebuild(c, from, from.plus(1, ChronoUnit.DAYS));
      assertThat(decodedRows(project)).isEqualTo(written);

      // the backfill migration, as Flyway runs it (in a transaction), over every partition: the
      // same rows again, nothing added twice
      c.setAutoCommit(false);
      new V101__backfill_latency_sketches()
          .migrate(
              new Context() {
                @Override
                public Configuration getConfiguration() {
                  return null;
                }

                @Override
                public Connection getConnection() {
                  return c;
                }
              });
      c.commit();
      c.setAutoCommit(true);
    }
    assertThat(decodedRows(project)).isEqualTo(written);
  }

  // ---------------------------------------------------------------------------------------------

  private record Case(AnalyticsQuery query, boolean llmOnly) {}

  private record Expected(
      long count, double avg, double max, double[] cont, double[] below, double[] above) {}

  private static AnalyticsQuery query(
      Instant from, Instant to, GroupBy groupBy, Interval interval, String model) {
    return new AnalyticsQuery(from, to, groupBy, interval, null, model, null, 100);
  }

  /** Spans over {@code hours} hours from {@code base}: two services, two models and plain spans. */
  private static List<IncomingSpan> spans(
      String project, Instant base, int hours, int n, Random random) {
    List<IncomingSpan> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String service = random.nextBoolean() ? "svc-a" : "svc-b";
      String model = MODELS[random.nextInt(MODELS.length)];
      Instant at = base.plusMillis((long) (random.nextDouble() * hours * 3_600_000L));
      // a skewed spread from milliseconds to seconds, as latencies are
      long micros = 2_000 + (long) Math.exp(random.nextGaussian() * 1.5 + 12);
      long startNanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
      Span.Builder b =
          model == null
              ? span(randomTraceId(), randomSpanId(), null, "step", at, 0)
              : llmSpan(randomTraceId(), randomSpanId(), null, at, model, 10, 10);
      out.addAll(
          StoredSpans.of(
              project, service, b.setEndTimeUnixNano(startNanos + micros * 1_000L).build()));
    }
    return out;
  }

  private void write(String project, List<IncomingSpan> spans) throws Exception {
    for (int i = 0; i < spans.size(); i += 200) {
      writer.write(spans.subList(i, Math.min(spans.size(), i + 200)));
    }
  }

  /** The spans a group covers, as SQL conditions over {@code spans s}, with their parameters. */
  private static String where(String project, Case c, LatencyGroup g, List<Object> params) {
    AnalyticsQuery q = c.query();
    StringBuilder sql = new StringBuilder("s.project_id = ?");
    params.add(project);
    Instant from = q.from();
    Instant to = q.to();
    if (g.time() != null) {
      Interval unit = q.bucket();
      from = g.time().isAfter(from) ? g.time() : from;
      Instant bucketEnd = g.time().plusSeconds(unit.seconds());
      to = bucketEnd.isBefore(to) ? bucketEnd : to;
    }
    sql.append(" AND s.start_time >= ? AND s.start_time < ?");
    params.add(Timestamp.from(from));
    params.add(Timestamp.from(to));
    if (q.model() != null) {
      sql.append(" AND ").append(CountedSpans.model("s")).append(" = ?");
      params.add(q.model());
    }
    if (c.llmOnly()) {
      sql.append(" AND s.is_llm AND ").append(CountedSpans.condition("s"));
    }
    if (q.keyGroup() != null) {
      String column =
          switch (q.keyGroup()) {
            case MODEL -> CountedSpans.model("s");
            case PROVIDER -> CountedSpans.provider("s");
            case SERVICE -> "s.service_name";
            default -> throw new IllegalArgumentException();
          };
      sql.append(" AND coalesce(").append(column).append(", '') = ?");
      params.add(g.key() == null ? "" : g.key());
    }
    return sql.toString();
  }

  private Expected expected(String project, Case c, LatencyGroup g) {
    List<Object> params = new ArrayList<>();
    String where = where(project, c, g, params);
    Map<String, Object> row =
        jdbc.queryForMap(
            """
            SELECT count(*) AS n, avg(latency_ms) AS avg, max(latency_ms) AS max,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99,
                   array_agg(latency_ms ORDER BY latency_ms) AS sorted
            FROM spans s WHERE"""
                + " "
                + where,
            params.toArray());
    long n = ((Number) row.get("n")).longValue();
    Double[] sorted;
    try {
      sorted = (Double[]) ((java.sql.Array) row.get("sorted")).getArray();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    double[] below = new double[QUANTILES.length];
    double[] above = new double[QUANTILES.length];
    for (int i = 0; i < QUANTILES.length; i++) {
      double rank = QUANTILES[i] * (n - 1);
      below[i] = sorted[(int) Math.floor(rank)];
      above[i] = sorted[(int) Math.ceil(rank)];
    }
    return new Expected(
        n,
        ((Number) row.get("avg")).doubleValue(),
        ((Number) row.get("max")).doubleValue(),
        new double[] {
          ((Number) row.get("p50")).doubleValue(),
          ((Number) row.get("p95")).doubleValue(),
          ((Number) row.get("p99")).doubleValue()
        },
        below,
        above);
  }

  private long count(String project, Case c) {
    List<Object> params = new ArrayList<>();
    AnalyticsQuery q = c.query();
    LatencyGroup whole = new LatencyGroup(null, null, 0, 0, 0, 0, 0, 0);
    Case ungrouped =
        new Case(
            new AnalyticsQuery(q.from(), q.to(), null, null, null, q.model(), null, q.limit()),
            c.llmOnly());
    String where = where(project, ungrouped, whole, params);
    return jdbc.queryForObject(
        "SELECT count(*) FROM spans s WHERE " + where, Long.class, params.toArray());
  }

  private long count(String sql, String project) {
    return jdbc.queryForObject(sql, Long.class, project);
  }

  private List<Map<String, Object>> sketchRows(String project) {
    return jdbc.queryForList(
        """
        SELECT hour, service_name, model, provider, llm_calls, span_count, latency_ms_sum,
               latency_ms_max, encode(sketch, 'hex') AS sketch
        FROM span_latency_sketches_hourly WHERE project_id = ?
        ORDER BY hour, service_name, model, provider, llm_calls""",
        project);
  }

  /**
   * Each sketch row as text: key, count, sum (to 9 digits: a sum's last bits depend on the order of
   * addition), maximum and the decoded sketch's count and quantiles.
   */
  private List<String> decodedRows(String project) {
    return jdbc.query(
        """
        SELECT hour, service_name, model, provider, llm_calls, span_count, latency_ms_sum,
               latency_ms_max, sketch
        FROM span_latency_sketches_hourly WHERE project_id = ?
        ORDER BY hour, service_name, model, provider, llm_calls""",
        (rs, i) -> {
          var sketch = LatencySketches.newSketch();
          LatencySketches.mergeEncoded(sketch, rs.getBytes("sketch"));
          StringBuilder out = new StringBuilder();
          for (int col = 1; col <= 6; col++) {
            out.append(rs.getString(col)).append(' ');
          }
          out.append("%.9g %s %s".formatted(rs.getDouble(7), rs.getDouble(8), sketch.getCount()));
          for (double q : new double[] {0, 0.25, 0.5, 0.9, 0.95, 0.99, 1}) {
            out.append(' ').append(sketch.getValueAtQuantile(q));
          }
          return out.toString();
        },
        project);
  }

  private long sketchTotal(String project, boolean llmCalls) {
    return jdbc.queryForObject(
        "SELECT coalesce(sum(span_count), 0) FROM span_latency_sketches_hourly"
            + " WHERE project_id = ? AND llm_calls = ?",
        Long.class,
        project,
        llmCalls);
  }

  /** The spans the stored sketches themselves hold. */
  private long decodedTotal(String project, boolean llmCalls) {
    var merged = LatencySketches.newSketch();
    for (byte[] sketch :
        jdbc.queryForList(
            "SELECT sketch FROM span_latency_sketches_hourly WHERE project_id = ? AND llm_calls = ?",
            byte[].class,
            project,
            llmCalls)) {
      LatencySketches.mergeEncoded(merged, sketch);
    }
    return Math.round(merged.getCount());
  }

  private long deadlocks() {
    return jdbc.queryForObject(
        "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", Long.class);
  }
}
