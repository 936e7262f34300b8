package io.lumina.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.retention.PostgresSpanRetention;
import io.lumina.storage.retention.SpanRetention;
import io.lumina.storage.spans.PostgresSpanPartitions;
import io.lumina.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The days the worker's upkeep picks from its clock and settings, against the real database; time
 * moves, nothing sleeps. Each test works in its own year, long before the other tests' spans.
 */
class StorageUpkeepIT {
  static DataSource ds;
  static PostgresSpanPartitions partitions;

  @BeforeAll
  static void setUp() {
    ds = TestDatabase.shared().migrate().dataSource();
    partitions = new PostgresSpanPartitions(ds);
  }

  static StorageUpkeep upkeepAt(String isoInstant, int ahead, int retentionDays) {
    return new StorageUpkeep(
        partitions,
        new PostgresSpanRetention(ds, partitions),
        Clock.fixed(Instant.parse(isoInstant), ZoneOffset.UTC),
        ahead,
        retentionDays,
        1_000,
        new SimpleMeterRegistry());
  }

  @Test
  void partitionsAreCreatedAheadOfTime() {
    assertThat(upkeepAt("2021-02-27T23:00:00Z", 3, 7).ensurePartitionsAhead()).isEqualTo(4);
    assertThat(partitions(2021))
        .contains("spans_p20210227", "spans_p20210228", "spans_p20210301", "spans_p20210302")
        .doesNotContain("spans_p20210303", "spans_p20210226");
  }

  @Test
  void retentionRemovesWhatStartedBeforeTodayMinusTheDaysAsTheClockMoves() {
    partitions.create(List.of(LocalDate.of(2020, 1, 12), LocalDate.of(2020, 1, 13)));

    SpanRetention.Result result = upkeepAt("2020-01-20T12:00:00Z", 3, 7).runRetention();
    assertThat(result.skipped()).isFalse();
    assertThat(result.cutoff()).isEqualTo(LocalDate.of(2020, 1, 13));
    assertThat(partitions(2020)).doesNotContain("spans_p20200112").contains("spans_p20200113");

    assertThat(upkeepAt("2020-01-21T00:00:00Z", 3, 7).runRetention().droppedPartitions())
        .containsExactly("spans_p20200113");
  }

  @Test
  void retentionZeroKeepsEverything() {
    assertThat(upkeepAt("2030-01-01T00:00:00Z", 3, 0).runRetention().skipped()).isTrue();
  }

  static List<String> partitions(int year) {
    return new JdbcTemplate(ds)
        .queryForList(
            "SELECT partition_name FROM lumina_span_partitions() WHERE partition_name LIKE ?"
                + " ORDER BY from_day",
            String.class,
            "spans_p" + year + "%");
  }
}
