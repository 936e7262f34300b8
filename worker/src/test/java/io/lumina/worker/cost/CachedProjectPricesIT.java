package io.lumina.worker.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.api.pricing.PriceOverride;
import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.storage.pricing.JdbcPriceOverrideStore;
import io.lumina.storage.spans.PostgresSpanPartitions;
import io.lumina.storage.spans.PostgresSpanWriter;
import io.lumina.testing.OtlpSpans;
import io.lumina.testing.TestDatabase;
import io.lumina.wire.SpanBatch;
import io.lumina.worker.Otlp;
import io.lumina.worker.consume.SpanBatchDecoder;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.sampling.SamplingRules;
import io.lumina.worker.store.RetentionProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The worker prices with the project's overrides, loaded once and cached. */
class CachedProjectPricesIT {

  @Test
  void projectPriceOverrideWinsOverTheCatalog() throws Exception {
    DataSource ds = TestDatabase.shared().migrate().dataSource();
    String project = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    JdbcPriceOverrideStore overrides = new JdbcPriceOverrideStore(ds);
    overrides.put(
        project,
        new PriceOverride(
            "gpt-4o", new BigDecimal("1000"), BigDecimal.ZERO, null, null, null, null));
    CachedProjectPrices prices =
        new CachedProjectPrices(overrides, Clock.systemUTC(), Duration.ofSeconds(30));
    SpanBatchDecoder decoder =
        new SpanBatchDecoder(
            new SpanNormalizer(),
            new CostCalculator(PriceCatalog.bundled(), prices),
            new Sampler(SamplingRules.keepAll()),
            new RetentionProperties(7, "0 0 * * *"),
            Clock.systemUTC());
    SpanBatch batch =
        Otlp.batch(
            project,
            "svc",
            List.of(
                OtlpSpans.llmSpan(
                        OtlpSpans.randomTraceId(),
                        OtlpSpans.randomSpanId(),
                        null,
                        Instant.now(),
                        "gpt-4o-2024-08-06",
                        1000,
                        10)
                    .build()));
    new PostgresSpanWriter(ds, new PostgresSpanPartitions(ds), new SimpleMeterRegistry())
        .write(decoder.decode(batch).spans());

    Map<String, Object> row =
        new JdbcTemplate(ds)
            .queryForMap(
                "SELECT cost_usd, pricing_source FROM spans WHERE project_id = ?", project);
    assertThat((BigDecimal) row.get("cost_usd"))
        .isEqualByComparingTo("1.0"); // 1000 tokens at $1000 per 1M
    assertThat(row.get("pricing_source")).isEqualTo("PROJECT_OVERRIDE");
  }

  @Test
  void nothingIsPricedBeforeTheOverridesCouldBeLoaded() {
    PGSimpleDataSource unreachable = new PGSimpleDataSource();
    unreachable.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");
    CachedProjectPrices prices =
        new CachedProjectPrices(
            new JdbcPriceOverrideStore(unreachable), Clock.systemUTC(), Duration.ofSeconds(30));
    assertThatThrownBy(() -> prices.find("p", "gpt-4o"))
        .isInstanceOf(CachedProjectPrices.PricesUnavailableException.class);
  }
}
