package io.lumina.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.api.pricing.PriceOverride;
import io.lumina.pricing.PriceCatalog;
import io.lumina.storage.pricing.JdbcPriceOverrideStore;
import io.lumina.storage.pricing.PostgresRepricer;
import io.lumina.storage.pricing.Repricer;
import io.lumina.testing.OtlpSpans;
import io.lumina.testing.RollupRows;
import io.lumina.testing.ServiceProcess;
import io.lumina.testing.TestDatabase;
import io.lumina.testing.TestInfra;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A worker whose JVM runs in Asia/Kolkata (UTC+5:30) stores spans on both sides of half past the
 * hour. Its hourly rollups must be whole UTC hours, equal to the rollups recomputed from the span
 * rows, which is what analytics read and what re-pricing rebuilds; re-pricing the range afterwards
 * must leave them equal still.
 */
class TimeZoneIT {
  static final String MODEL = "house-model-tz";
  static final int[] MINUTES = {5, 25, 35, 55, 65, 95, 110};

  @Test
  void aWorkerInAHalfHourZoneWritesTheUtcHoursThatAnalyticsAndRepricingUse() throws Exception {
    DataSource ds = TestDatabase.shared().migrate().dataSource();
    String project = "tz" + UUID.randomUUID().toString().substring(0, 8);
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
    try (PrivateStream stream = new PrivateStream()) {
      Map<String, Object> props = new LinkedHashMap<>(TestInfra.properties());
      props.putAll(stream.properties());
      props.put("server.port", 0);
      props.put("spring.flyway.enabled", false); // migrated by this JVM already
      props.put("lumina.quality.enabled", false);
      props.put("lumina.alerts.enabled", false);
      props.put("lumina.worker.fetch-wait", "200ms");
      try (ServiceProcess worker =
          ServiceProcess.start(
              "worker-kolkata",
              List.of("-Duser.timezone=Asia/Kolkata"),
              WorkerApplication.class.getName(),
              props)) {
        KillIT.awaitStarted(worker);
        assertThat(worker.logContains("+05:30")).as("the worker logs Kolkata times").isTrue();

        for (int minute : MINUTES) {
          String trace = OtlpSpans.randomTraceId();
          String root = OtlpSpans.randomSpanId();
          Instant at = hour.plus(minute, ChronoUnit.MINUTES);
          List<Span> spans = new ArrayList<>();
          spans.add(OtlpSpans.span(trace, root, null, "request", at, 300).build());
          spans.add(
              OtlpSpans.llmSpan(trace, OtlpSpans.randomSpanId(), root, at, MODEL, 1000, 100)
                  .build());
          spans.add(
              OtlpSpans.llmSpan(trace, OtlpSpans.randomSpanId(), root, at, "gpt-4o-mini", 100, 20)
                  .build());
          stream.publish(Otlp.batch(project, "svc", spans));
        }
        int expected = MINUTES.length * 3;
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .failFast(() -> !worker.isAlive())
            .until(() -> KillIT.stored(project) >= expected);
        assertThat(KillIT.stored(project)).isEqualTo(expected);
      }
    }

    List<String> rollups = RollupRows.stored(ds, project);
    assertThat(rollups)
        .as("rollups the Kolkata worker wrote, against the spans recomputed in UTC hours")
        .hasSize(6) // 2 hours x (request, house model, gpt-4o-mini)
        .isEqualTo(RollupRows.fromSpans(ds, project));
    assertThat(rollups).allMatch(line -> line.contains(":00:00Z |"), "whole UTC hours");

    JdbcPriceOverrideStore overrides = new JdbcPriceOverrideStore(ds);
    overrides.put(
        project,
        new PriceOverride(MODEL, new BigDecimal("2"), new BigDecimal("4"), null, null, null, null));
    Repricer.Result result =
        new PostgresRepricer(ds, overrides)
            .reprice(
                project,
                hour,
                hour.plus(2, ChronoUnit.HOURS),
                PriceCatalog.bundled(),
                Duration.ofHours(1));
    assertThat(result.spansRepriced()).isEqualTo(MINUTES.length);
    assertThat(RollupRows.stored(ds, project))
        .as("rollups after re-pricing the range in UTC")
        .hasSize(6)
        .isEqualTo(RollupRows.fromSpans(ds, project))
        .isNotEqualTo(rollups);
    assertThat(
            KillIT.count(
                "SELECT sum(span_count) FROM span_rollups_hourly WHERE project_id = '"
                    + project
                    + "'"))
        .isEqualTo(MINUTES.length * 3);
  }
}
