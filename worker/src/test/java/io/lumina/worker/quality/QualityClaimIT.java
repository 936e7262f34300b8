package io.lumina.worker.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.similarity.SimilarityScorer;
import io.lumina.storage.quality.QualityStore;
import io.lumina.storage.quality.QualityThresholdStore;
import io.lumina.worker.alerts.SpanSeeder;
import io.lumina.worker.alerts.TestWorker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two scoring loops (two replicas) on one database with a remote-like scorer: they split the
 * backlog through the claim, and the scorer is asked once per span, never twice.
 */
class QualityClaimIT {

  /** Stands for the LLM judge: slow enough that the two loops overlap, counts every call. */
  static final class CountingScorer implements SimilarityScorer {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public double score(String expected, String actual) {
      calls.computeIfAbsent(actual, k -> new AtomicInteger()).incrementAndGet();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0.9;
    }

    @Override
    public String name() {
      return "counting";
    }
  }

  @Test
  void twoLoopsNeverScoreTheSameSpan() throws Exception {
    JdbcTemplate jdbc = TestWorker.jdbc();
    String service = "claim-" + UUID.randomUUID().toString().substring(0, 8);
    String prompt = "Summarize the meeting notes " + service;
    int spans = 120;
    List<SpanSeeder.Call> calls = new ArrayList<>();
    Instant start = Instant.now().minusSeconds(600);
    for (int i = 0; i < spans; i++) {
      calls.add(
          SpanSeeder.Call.answer(
              service, start.plusMillis(i), prompt, "answer " + i + " of " + service));
    }
    new SpanSeeder(jdbc, "default").traces(calls);

    CountingScorer remote = new CountingScorer();
    QualityProperties defaults = TestWorker.bean(QualityProperties.class);
    QualityProperties small =
        new QualityProperties(
            true,
            "counting",
            defaults.pollInterval(),
            10,
            4,
            defaults.degradedBelow(),
            defaults.baselineCacheSize(),
            defaults.judge(),
            defaults.embeddings());
    List<ResponseQualityScorer> replicas = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      replicas.add(
          new ResponseQualityScorer(
              TestWorker.bean(QualityStore.class),
              TestWorker.bean(QualityThresholdStore.class),
              new QualityScorerConfiguration.QualityScorer(remote),
              small,
              TestWorker.clock(),
              new SimpleMeterRegistry()));
    }
    ExecutorService threads = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> claimed = new ArrayList<>();
    for (ResponseQualityScorer replica : replicas) {
      claimed.add(
          threads.submit(
              () -> {
                go.await();
                int total = 0;
                for (int batch = 0; batch < 200; batch++) {
                  int n = replica.scoreBatch();
                  if (n == 0) {
                    break;
                  }
                  total += n;
                }
                return total;
              }));
    }
    go.countDown();
    int first = claimed.get(0).get(60, TimeUnit.SECONDS);
    int second = claimed.get(1).get(60, TimeUnit.SECONDS);
    threads.shutdown();
    replicas.forEach(ResponseQualityScorer::close);

    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM spans WHERE service_name = ? AND response IS NOT NULL"
                    + " AND scored_at IS NULL",
                Long.class,
                service))
        .as("every span scored")
        .isZero();
    Map<String, AtomicInteger> mine = new ConcurrentHashMap<>();
    remote.calls.forEach(
        (response, n) -> {
          if (response.endsWith(service)) {
            mine.put(response, n);
          }
        });
    assertThat(mine.values()).as("no span sent twice").allMatch(n -> n.get() == 1);
    assertThat(mine).as("every span but the baseline sent once").hasSize(spans - 1);
    assertThat(first).as("first replica claimed some").isPositive();
    assertThat(second).as("second replica claimed some").isPositive();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM spans WHERE service_name = ? AND similarity IS NOT NULL",
                Long.class,
                service))
        .isEqualTo(spans - 1);
  }
}
