package io.lumina.storage.pricing;

import static io.lumina.testing.OtlpSpans.llmSpan;
import static io.lumina.testing.OtlpSpans.randomSpanId;
import static io.lumina.testing.OtlpSpans.randomTraceId;
import static io.lumina.testing.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.pricing.PriceOverride;
import io.lumina.api.pricing.RepriceJob;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.storage.StoredSpans;
import io.lumina.storage.TestStorage;
import io.lumina.testing.RollupRows;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Re-pricing as a job: it gives what the synchronous re-pricer gives, a chunk in progress does not
 * keep writers out of its hours, a job whose instance stopped resumes elsewhere once its lease
 * ends, and jobs stay within their project.
 */
class RepriceJobsIT {
  static final String MODEL = "house-model-job";
  static final Instant HOUR = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration LEASE = Duration.ofSeconds(30);

  final DataSource ds = TestStorage.dataSource();
  final JdbcTemplate jdbc = TestStorage.jdbc();
  final JdbcPriceOverrideStore overrides = new JdbcPriceOverrideStore(ds);
  final JdbcRepriceJobs jobs = new JdbcRepriceJobs(ds, overrides);
  final PriceCatalog catalog = PriceCatalog.bundled();

  @Test
  void aJobGivesWhatSynchronousRepricingGives() throws Exception {
    String sync = TestStorage.project();
    String async = TestStorage.project();
    storeWithOverride(sync, async);
    Repricer.Result expected =
        new PostgresRepricer(ds, overrides)
            .reprice(sync, HOUR, HOUR.plus(Duration.ofHours(3)), catalog, Duration.ofHours(1));

    RepriceJobs.Submitted submitted =
        jobs.submit(async, HOUR, HOUR.plus(Duration.ofHours(3)), Duration.ofHours(1), now());
    assertThat(submitted.created()).isTrue();
    assertThat(submitted.job().status()).isEqualTo("queued");
    assertThat(submitted.job().chunksTotal()).isEqualTo(3);
    RepriceJob done = runToTheEnd("owner-a", claimOwn("owner-a", submitted.job().id(), now()));

    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.chunksDone()).isEqualTo(3);
    assertThat(done.spansExamined()).isEqualTo(expected.spansExamined());
    assertThat(done.spansRepriced()).isEqualTo(expected.spansRepriced()).isEqualTo(4);
    assertThat(done.tracesUpdated()).isEqualTo(expected.tracesUpdated());
    assertThat(done.catalogVersion()).isEqualTo(catalog.version());
    assertThat(done.finishedAt()).isNotNull();
    assertThat(costs(async)).isEqualTo(costs(sync));
    assertThat(traceCosts(async)).isEqualTo(traceCosts(sync));
    assertThat(RollupRows.stored(ds, async))
        .isEqualTo(RollupRows.stored(ds, sync))
        .isEqualTo(RollupRows.fromSpans(ds, async));
    assertThat(jdbc.queryForObject(unpriced(), Long.class, async)).isZero();
  }

  @Test
  void writersStoreIntoTheHourOfAChunkInProgress() throws Exception {
    String project = TestStorage.project();
    storeWithOverride(project);
    CostCalculator calculator = new CostCalculator(catalog, overrides.prices(project));
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      PostgresRepricer.ChunkCounts counts =
          PostgresRepricer.chunk(c, calculator, project, HOUR, HOUR.plus(Duration.ofHours(1)));
      assertThat(counts.repriced()).isEqualTo(2);

      // the chunk's transaction is open: another service's spans in the same hour go in at once
      CompletableFuture<Void> otherService =
          CompletableFuture.runAsync(
              () -> write(project, "other-svc", HOUR.plusSeconds(20 * 60), 700));
      otherService.get(20, TimeUnit.SECONDS);
      // a span for a bucket the chunk changed waits for that bucket's row only
      CompletableFuture<Void> sameBucket =
          CompletableFuture.runAsync(() -> write(project, "svc", HOUR.plusSeconds(25 * 60), 900));
      Thread.sleep(300);
      c.commit();
      sameBucket.get(20, TimeUnit.SECONDS);
    }
    assertThat(RollupRows.stored(ds, project)).isEqualTo(RollupRows.fromSpans(ds, project));
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM traces t WHERE project_id = ? AND cost_usd IS DISTINCT FROM"
                    + " (SELECT sum(cost_usd) FROM spans s WHERE s.project_id = t.project_id"
                    + " AND s.trace_id = t.trace_id)",
                Long.class,
                project))
        .isZero();
  }

  @Test
  void aJobWhoseInstanceStoppedResumesElsewhereAfterTheLease() throws Exception {
    String project = TestStorage.project();
    storeWithOverride(project);
    Instant t0 = now();
    String id =
        jobs.submit(project, HOUR, HOUR.plus(Duration.ofHours(3)), Duration.ofHours(1), t0)
            .job()
            .id();
    claimOwn("owner-a", id, t0);
    assertThat(jobs.runChunk("owner-a", id, catalog, t0, LEASE).orElseThrow().chunksDone())
        .isEqualTo(1);
    // owner-a stops here without releasing: its lease holds for LEASE after its last chunk
    assertThat(claimOwnOrEmpty("owner-b", id, t0.plusSeconds(10))).isEmpty();
    RepriceJob resumed = claimOwn("owner-b", id, t0.plus(LEASE).plusSeconds(1));
    assertThat(resumed.chunksDone()).isEqualTo(1);
    assertThat(resumed.status()).isEqualTo("running");
    // owner-a, come back, no longer holds it and changes nothing
    assertThat(jobs.runChunk("owner-a", id, catalog, t0.plus(LEASE).plusSeconds(2), LEASE))
        .isEmpty();
    RepriceJob done = runToTheEnd("owner-b", resumed, t0.plus(LEASE).plusSeconds(2));
    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.chunksDone()).isEqualTo(3);
    assertThat(done.spansRepriced()).isEqualTo(4);
    assertThat(jdbc.queryForObject(unpriced(), Long.class, project)).isZero();
    assertThat(RollupRows.stored(ds, project)).isEqualTo(RollupRows.fromSpans(ds, project));
  }

  @Test
  void jobsStayInTheirProjectOneUnfinishedAtATime() throws Exception {
    String mine = TestStorage.project();
    String theirs = TestStorage.project();
    storeWithOverride(mine, theirs);
    List<String> theirRollups = RollupRows.stored(ds, theirs);
    Instant t0 = now();
    RepriceJob job =
        jobs.submit(mine, HOUR, HOUR.plus(Duration.ofHours(3)), Duration.ofHours(1), t0).job();

    RepriceJobs.Submitted again =
        jobs.submit(mine, HOUR, HOUR.plus(Duration.ofHours(1)), Duration.ofHours(1), t0);
    assertThat(again.created()).isFalse();
    assertThat(again.job().id()).isEqualTo(job.id());
    assertThat(jobs.find(theirs, job.id())).isEmpty();
    assertThat(jobs.find(mine, job.id())).isPresent();

    runToTheEnd("owner-a", claimOwn("owner-a", job.id(), t0), t0);
    assertThat(jdbc.queryForObject(unpriced(), Long.class, mine)).isZero();
    assertThat(jdbc.queryForObject(unpriced(), Long.class, theirs)).isEqualTo(4);
    assertThat(RollupRows.stored(ds, theirs)).isEqualTo(theirRollups);

    // finished: the project may start another (run here so no unfinished job is left behind)
    RepriceJobs.Submitted next =
        jobs.submit(mine, HOUR, HOUR.plus(Duration.ofHours(1)), Duration.ofHours(1), t0);
    assertThat(next.created()).isTrue();
    assertThat(next.job().id()).isNotEqualTo(job.id());
    assertThat(runToTheEnd("owner-a", claimOwn("owner-a", next.job().id(), t0), t0).status())
        .isEqualTo("succeeded");
  }

  // ---

  private RepriceJob runToTheEnd(String owner, RepriceJob job) {
    return runToTheEnd(owner, job, now());
  }

  private RepriceJob runToTheEnd(String owner, RepriceJob job, Instant now) {
    RepriceJob current = job;
    for (int i = 0; i < 100 && !isOver(current); i++) {
      current = jobs.runChunk(owner, job.id(), catalog, now, LEASE).orElseThrow();
    }
    return current;
  }

  private static boolean isOver(RepriceJob job) {
    return job.status().equals("succeeded") || job.status().equals("failed");
  }

  /**
   * Claims until it gets {@code id}: the table is shared, so an older unfinished job of another run
   * may come first; those are handed back at once.
   */
  private RepriceJob claimOwn(String owner, String id, Instant now) {
    return claimOwnOrEmpty(owner, id, now).orElseThrow();
  }

  private Optional<RepriceJob> claimOwnOrEmpty(String owner, String id, Instant now) {
    for (int i = 0; i < 50; i++) {
      Optional<RepriceJob> claimed = jobs.claim(owner, now, LEASE);
      if (claimed.isEmpty() || claimed.get().id().equals(id)) {
        return claimed;
      }
      jobs.release(owner, claimed.get().id());
    }
    return Optional.empty();
  }

  private void storeWithOverride(String... projects) throws Exception {
    for (String project : projects) {
      storeThreeHours(project);
      override(project);
    }
  }

  /** Four house-model calls over three hours (unpriced until the override) and one plain span. */
  private void storeThreeHours(String project) throws Exception {
    String trace = randomTraceId();
    String root = randomSpanId();
    StoredSpans.writer(ds)
        .write(
            StoredSpans.of(
                project,
                "svc",
                span(trace, root, null, "handle", HOUR.plusSeconds(5 * 60), 100).build(),
                llmSpan(trace, randomSpanId(), root, HOUR.plusSeconds(10 * 60), MODEL, 1000, 500)
                    .build(),
                llmSpan(trace, randomSpanId(), root, HOUR.plusSeconds(40 * 60), MODEL, 3000, 0)
                    .build(),
                llmSpan(
                        randomTraceId(),
                        randomSpanId(),
                        null,
                        HOUR.plusSeconds(70 * 60),
                        MODEL,
                        10,
                        20)
                    .build(),
                llmSpan(
                        randomTraceId(),
                        randomSpanId(),
                        null,
                        HOUR.plusSeconds(150 * 60),
                        MODEL,
                        50,
                        60)
                    .build()));
  }

  private void write(String project, String service, Instant start, long promptTokens) {
    try {
      StoredSpans.writer(ds)
          .write(
              StoredSpans.of(
                  project,
                  service,
                  llmSpan(randomTraceId(), randomSpanId(), null, start, MODEL, promptTokens, 1)
                      .build()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void override(String project) {
    overrides.put(
        project,
        new PriceOverride(
            MODEL, new BigDecimal("1.5"), new BigDecimal("2"), null, null, null, null));
  }

  private List<String> costs(String project) {
    return jdbc.queryForList(
        "SELECT start_time || ' ' || coalesce(cost_usd::text, '-') || ' ' || pricing_source"
            + " FROM spans WHERE project_id = ? ORDER BY start_time",
        String.class,
        project);
  }

  private List<String> traceCosts(String project) {
    return jdbc.queryForList(
        "SELECT coalesce(cost_usd::text, '-') || ' ' || unpriced_spans FROM traces"
            + " WHERE project_id = ? ORDER BY start_time",
        String.class,
        project);
  }

  private static Instant now() {
    return Instant.now();
  }

  static String unpriced() {
    return "SELECT count(*) FROM spans WHERE project_id = ? AND unpriced";
  }
}
