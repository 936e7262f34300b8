package io.lumina.storage.retention;

import static io.lumina.testing.OtlpSpans.llmSpan;
import static io.lumina.testing.OtlpSpans.randomSpanId;
import static io.lumina.testing.OtlpSpans.randomTraceId;
import static io.lumina.testing.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.StoredSpans;
import io.lumina.storage.TestStorage;
import io.lumina.storage.spans.PostgresSpanPartitions;
import io.lumina.storage.spans.PostgresSpanWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention and partitions against the real PostgreSQL. Each test works in its own year, long
 * before the other tests' spans, so dropping partitions never touches them.
 */
class PostgresSpanRetentionIT {
  static DataSource ds;
  static JdbcTemplate jdbc;
  static PostgresSpanPartitions partitions;
  static PostgresSpanWriter writer;
  static PostgresSpanRetention retention;

  @BeforeAll
  static void setUp() {
    ds = TestStorage.dataSource();
    jdbc = TestStorage.jdbc();
    partitions = new PostgresSpanPartitions(ds);
    writer = new PostgresSpanWriter(ds, partitions, new SimpleMeterRegistry());
    retention = new PostgresSpanRetention(ds, partitions);
  }

  /** Writes one trace of two spans (a root and a gpt-4o call) starting at {@code start}. */
  static void writeTrace(String project, String start) throws Exception {
    Instant at = Instant.parse(start);
    String trace = randomTraceId();
    String root = randomSpanId();
    writer.write(
        StoredSpans.of(
            project,
            "svc",
            span(trace, root, null, "root", at, 100).build(),
            llmSpan(trace, randomSpanId(), root, at.plusMillis(1), "gpt-4o", 10, 10).build()));
  }

  @Test
  void dropsWholePartitionsBeforeTheCutoffAndKeepsTheRest() throws Exception {
    String project = TestStorage.project();
    writeTrace(project, "2020-01-05T10:00:00Z");
    writeTrace(project, "2020-01-06T23:59:59Z");
    writeTrace(project, "2020-01-12T12:00:00Z");
    writeTrace(project, "2020-01-13T00:00:00Z");
    writeTrace(project, "2020-01-20T08:00:00Z");
    assertThat(partitions(2020))
        .contains(
            "spans_p20200105",
            "spans_p20200106",
            "spans_p20200112",
            "spans_p20200113",
            "spans_p20200120");

    SpanRetention.Result result = retention.deleteBefore(LocalDate.of(2020, 1, 13));

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
    // The latency sketches go with the rollups: per day kept, the root's bucket (every span) and
    // the gpt-4o bucket (every span, LLM calls).
    assertThat(result.deletedSketches()).isGreaterThanOrEqualTo(6);
    assertThat(
            count(
                "SELECT count(*) FROM span_latency_sketches_hourly WHERE project_id = ? AND hour < '2020-01-13'",
                project))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM span_latency_sketches_hourly WHERE project_id = ?", project))
        .isEqualTo(6);

    // A day later: the 13th goes too, the 20th stays.
    assertThat(retention.deleteBefore(LocalDate.of(2020, 1, 14)).droppedPartitions())
        .containsExactly("spans_p20200113");
    assertThat(partitions(2020)).containsExactly("spans_p20200120");
    assertThat(count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(2);

    // The writer forgot the dropped partitions: a span for a dropped day is stored again.
    writeTrace(project, "2020-01-13T05:00:00Z");
    assertThat(partitions(2020)).contains("spans_p20200113");
  }

  @Test
  void onlyOneReplicaRunsAtATime() throws Exception {
    String project = TestStorage.project();
    writeTrace(project, "2019-03-01T10:00:00Z");
    try (Connection other = ds.getConnection()) {
      lock(other, "pg_advisory_lock");
      assertThat(retention.deleteBefore(LocalDate.of(2019, 3, 13)).skipped()).isTrue();
      assertThat(partitions(2019)).contains("spans_p20190301");
      lock(other, "pg_advisory_unlock");
    }
    assertThat(retention.deleteBefore(LocalDate.of(2019, 3, 13)).droppedPartitions())
        .contains("spans_p20190301");
    assertThat(partitions(2019)).doesNotContain("spans_p20190301");
  }

  @Test
  void writersAreNotBlockedWhileAPartitionIsDropped() throws Exception {
    String project = TestStorage.project();
    writeTrace(project, "2018-05-01T10:00:00Z");
    try (Connection reader = ds.getConnection();
        Connection writer = ds.getConnection()) {
      // a long query over every partition, the old one included, still running
      reader.setAutoCommit(false);
      try (Statement s = reader.createStatement()) {
        s.execute("SELECT count(*) FROM spans");
      }
      var run =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> retention.deleteBefore(LocalDate.of(2018, 5, 2)));
      // retention is now waiting for that query to end
      java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
      while (waitingRetention() == 0 && java.time.Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
      assertThat(waitingRetention()).as("retention waits for the running query").isPositive();

      // meanwhile a writer takes the lock every insert into spans takes, within 2 s
      writer.setAutoCommit(false);
      try (Statement s = writer.createStatement()) {
        s.execute("SET LOCAL lock_timeout = '2s'");
        s.execute("LOCK TABLE spans IN ROW EXCLUSIVE MODE");
        s.execute("SELECT count(*) FROM spans WHERE start_time > now() - interval '1 hour'");
      }
      writer.commit();

      reader.commit();
      SpanRetention.Result result = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(result.droppedPartitions()).contains("spans_p20180501");
    }
    assertThat(partitions(2018)).doesNotContain("spans_p20180501");
    assertThat(jdbc.queryForObject("SELECT to_regclass('spans_p20180501') IS NULL", Boolean.class))
        .as("the detached table is dropped too")
        .isTrue();
  }

  static int waitingRetention() {
    return jdbc.queryForObject(
        """
        SELECT count(*) FROM pg_stat_activity
        WHERE query ILIKE '%spans_p20180501%' AND wait_event_type = 'Lock'
          AND pid <> pg_backend_pid()""",
        Integer.class);
  }

  @Test
  void partitionsAreCreatedForTheDaysAsked() {
    partitions.create(
        List.of(
            LocalDate.of(2021, 2, 27),
            LocalDate.of(2021, 2, 28),
            LocalDate.of(2021, 3, 1),
            LocalDate.of(2021, 3, 2)));
    assertThat(partitions(2021))
        .contains("spans_p20210227", "spans_p20210228", "spans_p20210301", "spans_p20210302")
        .doesNotContain("spans_p20210303", "spans_p20210226");
  }

  static void lock(Connection c, String function) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?)")) {
      ps.setLong(1, PostgresSpanRetention.LOCK_KEY);
      ps.execute();
    }
  }

  static List<String> partitions(int year) {
    return jdbc.queryForList(
        "SELECT partition_name FROM lumina_span_partitions() WHERE partition_name LIKE ?"
            + " ORDER BY from_day",
        String.class,
        "spans_p" + year + "%");
  }

  static long count(String sql, String project) {
    return jdbc.queryForObject(sql, Long.class, project);
  }
}
