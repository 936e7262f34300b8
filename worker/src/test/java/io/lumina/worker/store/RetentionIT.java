package io.lumina.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import io.lumina.testing.TestDatabase;
import io.lumina.worker.Otlp;
import io.lumina.worker.config.RetentionProperties;
import io.lumina.worker.consume.SpanBatchDecoder;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.sampling.SamplingRules;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention and partition upkeep with an injected clock: time moves, nothing sleeps. Each test
 * works in its own year, long before the other tests' spans, so dropping partitions never touches
 * them.
 */
class RetentionIT {
  static DataSource ds;
  static SpanBatchWriter writer;

  @BeforeAll
  static void setUp() {
    ds = TestDatabase.shared().migrate().dataSource();
    writer = new SpanBatchWriter(ds, new SimpleMeterRegistry());
  }

  static Clock clock(String isoInstant) {
    return Clock.fixed(Instant.parse(isoInstant), ZoneOffset.UTC);
  }

  static SpanBatchDecoder decoderAt(Clock clock) {
    return new SpanBatchDecoder(
        new SpanNormalizer(),
        CostCalculator.withBundledCatalog(),
        new Sampler(SamplingRules.keepAll()),
        new RetentionProperties(7, "0 2 * * *"),
        clock);
  }

  /**
   * Writes one trace of two spans starting at {@code start}, as a worker whose clock reads {@code
   * now}.
   */
  static void writeTrace(String project, String start, String now) throws SQLException {
    Instant at = Instant.parse(start);
    String trace = Otlp.randomTraceId();
    String root = Otlp.randomSpanId();
    var batch =
        Otlp.batch(
            project,
            "svc",
            List.of(
                Otlp.span(trace, root, null, "root", at, 100).build(),
                Otlp.llmSpan(trace, Otlp.randomSpanId(), root, at.plusMillis(1), "gpt-4o", 10, 10)
                    .build()));
    var decoded = decoderAt(clock(now)).decode(batch);
    assertThat(decoded.spans()).hasSize(2);
    writer.write(decoded.spans());
  }

  @Test
  void dropsWholePartitionsOlderThanRetentionAndKeepsTheRest() throws Exception {
    String project = "ret" + UUID.randomUUID().toString().substring(0, 8);
    writeTrace(project, "2020-01-05T10:00:00Z", "2020-01-05T10:00:01Z");
    writeTrace(project, "2020-01-06T23:59:59Z", "2020-01-07T00:00:00Z");
    writeTrace(project, "2020-01-12T12:00:00Z", "2020-01-12T12:00:01Z");
    writeTrace(project, "2020-01-13T00:00:00Z", "2020-01-13T00:00:01Z");
    writeTrace(project, "2020-01-20T08:00:00Z", "2020-01-20T08:00:01Z");
    assertThat(partitions(2020))
        .contains(
            "spans_p20200105",
            "spans_p20200106",
            "spans_p20200112",
            "spans_p20200113",
            "spans_p20200120");

    RetentionJob job =
        new RetentionJob(ds, writer, clock("2020-01-20T12:00:00Z"), 7, new SimpleMeterRegistry());
    RetentionJob.Result result = job.run();

    assertThat(result.skipped()).isFalse();
    assertThat(result.cutoff()).isEqualTo(LocalDate.of(2020, 1, 13));
    assertThat(result.droppedPartitions())
        .contains("spans_p20200105", "spans_p20200106", "spans_p20200112")
        .doesNotContain("spans_p20200113", "spans_p20200120");
    assertThat(partitions(2020)).containsExactly("spans_p20200113", "spans_p20200120");
    assertThat(count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM traces WHERE project_id = ?", project)).isEqualTo(2);
    assertThat(
            count(
                "SELECT count(*) FROM span_rollups_hourly WHERE project_id = ? AND hour < '2020-01-13'",
                project))
        .isZero();
    // Two rollup rows (the plain root span, the gpt-4o span) for each of the two days kept.
    assertThat(count("SELECT count(*) FROM span_rollups_hourly WHERE project_id = ?", project))
        .isEqualTo(4);

    // Time moves on a day: the 13th goes too, the 20th stays.
    RetentionJob later =
        new RetentionJob(ds, writer, clock("2020-01-21T00:00:00Z"), 7, new SimpleMeterRegistry());
    assertThat(later.run().droppedPartitions()).containsExactly("spans_p20200113");
    assertThat(partitions(2020)).containsExactly("spans_p20200120");
    assertThat(count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(2);

    // The writer forgot the dropped partitions: a span for a dropped day is stored again.
    writeTrace(project, "2020-01-13T05:00:00Z", "2020-01-13T06:00:00Z");
    assertThat(partitions(2020)).contains("spans_p20200113");
  }

  @Test
  void onlyOneReplicaRunsAtATime() throws Exception {
    String project = "ret" + UUID.randomUUID().toString().substring(0, 8);
    writeTrace(project, "2019-03-01T10:00:00Z", "2019-03-01T10:00:01Z");
    RetentionJob job =
        new RetentionJob(ds, writer, clock("2019-03-20T00:00:00Z"), 7, new SimpleMeterRegistry());
    try (Connection other = ds.getConnection()) {
      lock(other, "pg_advisory_lock");
      assertThat(job.run().skipped()).isTrue();
      assertThat(partitions(2019)).contains("spans_p20190301");
      lock(other, "pg_advisory_unlock");
    }
    assertThat(job.run().droppedPartitions()).contains("spans_p20190301");
    assertThat(partitions(2019)).doesNotContain("spans_p20190301");
  }

  @Test
  void spansOlderThanRetentionAreNotStoredAgain() {
    var batch =
        Otlp.batch(
            "p",
            "svc",
            List.of(
                Otlp.span(
                        Otlp.randomTraceId(),
                        Otlp.randomSpanId(),
                        null,
                        "old",
                        Instant.parse("2018-01-01T00:00:00Z"),
                        1)
                    .build(),
                Otlp.span(
                        Otlp.randomTraceId(),
                        Otlp.randomSpanId(),
                        null,
                        "new",
                        Instant.parse("2018-01-25T00:00:00Z"),
                        1)
                    .build()));
    var decoded = decoderAt(clock("2018-01-26T00:00:00Z")).decode(batch);
    assertThat(decoded.expired()).isEqualTo(1);
    assertThat(decoded.spans()).extracting(s -> s.span().getName()).containsExactly("new");
  }

  @Test
  void partitionsAreCreatedAheadOfTime() throws Exception {
    PartitionMaintainer maintainer =
        new PartitionMaintainer(ds, writer, clock("2021-02-27T23:00:00Z"), 3);
    assertThat(maintainer.ensureAhead()).isEqualTo(4);
    assertThat(partitions(2021))
        .contains("spans_p20210227", "spans_p20210228", "spans_p20210301", "spans_p20210302")
        .doesNotContain("spans_p20210303", "spans_p20210226");
  }

  @Test
  void retentionZeroKeepsEverything() throws Exception {
    assertThat(
            new RetentionJob(ds, writer, Clock.systemUTC(), 0, new SimpleMeterRegistry())
                .run()
                .skipped())
        .isTrue();
  }

  static void lock(Connection c, String function) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?)")) {
      ps.setLong(1, RetentionJob.LOCK_KEY);
      ps.execute();
    }
  }

  static List<String> partitions(int year) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT partition_name FROM lumina_span_partitions() ORDER BY from_day")) {
      while (rs.next()) {
        if (rs.getString(1).startsWith("spans_p" + year)) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  static long count(String sql, String project) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, project);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
