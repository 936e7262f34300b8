package io.lumina.storage.pricing;

import static io.lumina.testing.OtlpSpans.llmSpan;
import static io.lumina.testing.OtlpSpans.randomSpanId;
import static io.lumina.testing.OtlpSpans.randomTraceId;
import static io.lumina.testing.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.pricing.PriceOverride;
import io.lumina.pricing.PriceCatalog;
import io.lumina.storage.StoredSpans;
import io.lumina.storage.TestStorage;
import io.lumina.testing.RollupRows;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Re-pricing stored spans after an override: spans, trace summaries and hourly rollups agree
 * afterwards, also when the spans were written and re-priced by sessions in a half-hour time zone.
 */
class PostgresRepricerIT {
  static final String MODEL = "house-model-x";

  @Test
  void anOverrideRepricesSpansAndRepairsSummariesAndRollupsInUtcHours() throws Exception {
    DataSource kolkata = TestStorage.dataSourceIn("Asia/Kolkata");
    JdbcTemplate jdbc = TestStorage.jdbc();
    String project = TestStorage.project();
    Instant hour = Instant.parse("2026-02-01T10:00:00Z");
    String trace = randomTraceId();
    String root = randomSpanId();
    StoredSpans.writer(kolkata)
        .write(
            StoredSpans.of(
                project,
                "svc",
                span(trace, root, null, "handle", hour.plusSeconds(10 * 60), 100).build(),
                llmSpan(trace, randomSpanId(), root, hour.plusSeconds(15 * 60), MODEL, 1000, 500)
                    .build(),
                llmSpan(trace, randomSpanId(), root, hour.plusSeconds(45 * 60), MODEL, 3000, 0)
                    .build(),
                llmSpan(
                        randomTraceId(),
                        randomSpanId(),
                        null,
                        hour.plusSeconds(80 * 60),
                        MODEL,
                        10,
                        0)
                    .build(),
                llmSpan(trace, randomSpanId(), root, hour.plusSeconds(50 * 60), "gpt-4o-mini", 1, 1)
                    .build()));
    assertThat(jdbc.queryForObject(unpriced(), Long.class, project)).isEqualTo(3);

    JdbcPriceOverrideStore overrides = new JdbcPriceOverrideStore(kolkata);
    overrides.put(
        project,
        new PriceOverride(
            MODEL, new BigDecimal("1.5"), new BigDecimal("2"), null, null, null, null));
    Repricer.Result result =
        new PostgresRepricer(kolkata, overrides)
            .reprice(
                project,
                hour,
                hour.plus(Duration.ofHours(2)),
                PriceCatalog.bundled(),
                Duration.ofHours(1));

    assertThat(result.spansExamined()).isEqualTo(4);
    assertThat(result.spansRepriced()).isEqualTo(3);
    assertThat(result.chunksRecomputed()).isEqualTo(2);
    assertThat(result.catalogVersion()).isEqualTo(PriceCatalog.bundled().version());
    assertThat(jdbc.queryForObject(unpriced(), Long.class, project)).isZero();
    // 1000 * 1.5 + 500 * 2 per 1M, and 3000 * 1.5 per 1M
    assertThat(
            jdbc.queryForObject(
                "SELECT cost_usd FROM spans WHERE project_id = ? AND prompt_tokens = 1000",
                BigDecimal.class,
                project))
        .isEqualByComparingTo("0.0025");
    assertThat(
            jdbc.queryForObject(
                "SELECT t.cost_usd = (SELECT sum(cost_usd) FROM spans s"
                    + " WHERE s.project_id = t.project_id AND s.trace_id = t.trace_id)"
                    + " AND t.unpriced_spans = 0 FROM traces t WHERE project_id = ? AND trace_id = ?",
                Boolean.class,
                project,
                trace))
        .isTrue();
    assertThat(RollupRows.stored(kolkata, project))
        .hasSize(4) // 10:00 plain and house-model and gpt-4o-mini, 11:00 house-model
        .isEqualTo(RollupRows.fromSpans(kolkata, project));
  }

  static String unpriced() {
    return "SELECT count(*) FROM spans WHERE project_id = ? AND unpriced";
  }
}
