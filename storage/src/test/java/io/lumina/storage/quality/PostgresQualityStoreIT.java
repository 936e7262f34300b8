package io.lumina.storage.quality;

import static io.lumina.testing.OtlpSpans.llmSpan;
import static io.lumina.testing.OtlpSpans.randomSpanId;
import static io.lumina.testing.OtlpSpans.randomTraceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.StoredSpans;
import io.lumina.storage.TestStorage;
import io.lumina.storage.quality.QualityStore.Score;
import io.lumina.storage.quality.QualityStore.Unscored;
import io.lumina.storage.quality.QualityThresholdStore.QualityThreshold;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class PostgresQualityStoreIT {
  final JdbcTemplate jdbc = TestStorage.jdbc();

  @Test
  void thresholdsPerServiceAndForTheProject() {
    PostgresQualityThresholdStore store =
        new PostgresQualityThresholdStore(TestStorage.dataSource());
    String project = TestStorage.project();
    jdbc.update("INSERT INTO projects (id, name) VALUES (?, ?)", project, project);
    store.put(project, new QualityThreshold("checkout", 0.8));
    store.put(project, new QualityThreshold(null, 0.4));
    store.put(project, new QualityThreshold("checkout", 0.9));

    assertThat(store.list(project))
        .containsExactly(new QualityThreshold(null, 0.4), new QualityThreshold("checkout", 0.9));
    assertThat(store.byService(project)).isEqualTo(Map.of("", 0.4, "checkout", 0.9));
    assertThat(store.delete(project, null)).isTrue();
    assertThat(store.delete(project, null)).isFalse();
    assertThat(store.list(project)).containsExactly(new QualityThreshold("checkout", 0.9));
  }

  @Test
  void aDegradedScoreMarksSpanTraceAndItsUtcHourOnce() throws Exception {
    DataSource kolkata = TestStorage.dataSourceIn("Asia/Kolkata");
    String project = TestStorage.project();
    Instant start = Instant.parse("2026-04-02T08:40:00Z"); // 14:10 in Kolkata
    String trace = randomTraceId();
    StoredSpans.writer(kolkata)
        .write(
            StoredSpans.of(
                project,
                "svc",
                llmSpan(trace, randomSpanId(), null, start, "gpt-4o", 10, 5).build()));
    PostgresQualityStore store = new PostgresQualityStore(kolkata);
    Unscored span =
        store.unscored(100_000).stream()
            .filter(s -> s.projectId().equals(project))
            .findFirst()
            .orElseThrow();
    Score degraded = new Score(span, "p", "r", 0.1, "text", true);

    assertThat(store.write(List.of(degraded), Instant.now())).isEqualTo(1);
    assertThat(store.write(List.of(degraded), Instant.now())).as("already scored").isZero();

    assertThat(value("SELECT status FROM spans WHERE project_id = ?", project))
        .isEqualTo("degraded");
    assertThat(value("SELECT status FROM traces WHERE project_id = ?", project))
        .isEqualTo("degraded");
    assertThat(
            jdbc.queryForMap(
                "SELECT to_char(hour AT TIME ZONE 'UTC', 'HH24:MI') AS hour, degraded_count"
                    + " FROM span_rollups_hourly WHERE project_id = ?",
                project))
        .isEqualTo(Map.of("hour", "08:00", "degraded_count", 1L));
  }

  String value(String sql, String project) {
    return jdbc.queryForObject(sql, String.class, project);
  }
}
