package io.lumina.worker.quality;

import io.lumina.similarity.ExactHashScorer;
import io.lumina.similarity.SimilarityScorer;
import io.lumina.storage.quality.QualityStore;
import io.lumina.storage.quality.QualityThresholdStore;
import io.lumina.worker.quality.QualityScorerConfiguration.QualityScorer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Scores stored spans after the fact: claims a bounded batch of unscored spans with a response
 * (rows locked with SKIP LOCKED for the time of the scoring, so replicas never score the same
 * span), hashes the normalized response (exact match), and for a prompt seen before scores the
 * response against the prompt's baseline (the first response seen for it). A score below the
 * threshold of the span's service (or project, or the configured default) marks the span and its
 * trace degraded.
 *
 * <p>Equal response hashes score 1.0 without calling the scorer; remote scorers run with at most
 * {@code lumina.quality.concurrency} calls in flight. A failed remote call leaves the span without
 * a similarity (scorer recorded as {@code <name>:failed}) rather than blocking the backlog behind
 * it.
 *
 * <p>Metrics: {@code lumina.quality.backlog} (spans waiting), {@code lumina.quality.scored} (by
 * outcome: scored, baseline, unscored, failed; its rate is scored/s), {@code
 * lumina.quality.scorer.latency}, {@code lumina.quality.degraded}.
 */
@Component
public class ResponseQualityScorer {
  private static final Logger log = LoggerFactory.getLogger(ResponseQualityScorer.class);
  private static final int BACKLOG_GAUGE_CAP = 100_000;

  private final QualityStore store;
  private final QualityThresholdStore thresholds;
  private final SimilarityScorer scorer;
  private final QualityProperties properties;
  private final Clock clock;
  private final ExecutorService calls;
  private final AtomicLong backlog = new AtomicLong();
  private final Timer latency;
  private final Counter degraded;
  private final MeterRegistry meters;

  ResponseQualityScorer(
      QualityStore store,
      QualityThresholdStore thresholds,
      QualityScorer scorer,
      QualityProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.store = store;
    this.thresholds = thresholds;
    this.scorer = scorer.scorer();
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.calls =
        Executors.newFixedThreadPool(
            properties.concurrency(), Thread.ofVirtual().name("quality-score-", 0).factory());
    Gauge.builder("lumina.quality.backlog", backlog, AtomicLong::get)
        .description("stored spans with a response not scored yet")
        .register(meters);
    this.latency =
        Timer.builder("lumina.quality.scorer.latency")
            .tag("scorer", this.scorer.name())
            .description("time of one similarity score")
            .register(meters);
    this.degraded =
        Counter.builder("lumina.quality.degraded")
            .description("spans marked degraded by a low similarity")
            .register(meters);
  }

  /**
   * Claims and scores one batch; returns how many spans it claimed (0 when nothing waits). The
   * claim makes replicas split the backlog: no span is scored (or sent to a remote scorer) twice.
   */
  public int scoreBatch() {
    QualityStore.Claimed claimed =
        store.scoreClaimed(properties.batchSize(), this::scoreAll, clock.instant());
    if (claimed.claimed() == 0) {
      backlog.set(0);
      return 0;
    }
    degraded.increment(claimed.degraded());
    backlog.set(claimed.claimed() < properties.batchSize() ? 0 : store.backlog(BACKLOG_GAUGE_CAP));
    return claimed.claimed();
  }

  private List<QualityStore.Score> scoreAll(List<QualityStore.Unscored> batch) {
    Map<String, List<QualityStore.Unscored>> byProject = new LinkedHashMap<>();
    batch.forEach(s -> byProject.computeIfAbsent(s.projectId(), k -> new ArrayList<>()).add(s));
    List<QualityStore.Score> scores = new ArrayList<>(batch.size());
    for (Map.Entry<String, List<QualityStore.Unscored>> project : byProject.entrySet()) {
      scores.addAll(scoreProject(project.getKey(), project.getValue()));
    }
    return scores;
  }

  private List<QualityStore.Score> scoreProject(
      String projectId, List<QualityStore.Unscored> spans) {
    Map<String, String> promptHashes = new LinkedHashMap<>();
    for (QualityStore.Unscored s : spans) {
      if (s.prompt() != null && !s.prompt().isBlank()) {
        promptHashes.put(key(s), ExactHashScorer.hash(s.prompt()));
      }
    }
    Map<String, QualityStore.Baseline> baselines =
        store.baselines(projectId, promptHashes.values());
    // First occurrences in this batch become baselines; in stored order, as the poll returned them.
    for (QualityStore.Unscored s : spans) {
      String promptHash = promptHashes.get(key(s));
      if (promptHash != null && !baselines.containsKey(promptHash)) {
        String responseHash = ExactHashScorer.hash(s.response());
        store.insertBaselineIfAbsent(s, promptHash, responseHash);
        baselines.put(
            promptHash,
            new QualityStore.Baseline(s.response(), responseHash, s.traceId(), s.spanId()));
      }
    }
    baselines.putAll(
        store.baselines(projectId, promptHashes.values())); // another replica may have won
    Map<String, Double> serviceThresholds = thresholds.byService(projectId);

    List<Future<QualityStore.Score>> pending = new ArrayList<>(spans.size());
    for (QualityStore.Unscored s : spans) {
      String promptHash = promptHashes.get(key(s));
      QualityStore.Baseline baseline = promptHash == null ? null : baselines.get(promptHash);
      double threshold =
          serviceThresholds.getOrDefault(
              s.serviceName(), serviceThresholds.getOrDefault("", properties.degradedBelow()));
      pending.add(calls.submit(() -> score(s, promptHash, baseline, threshold)));
    }
    List<QualityStore.Score> scores = new ArrayList<>(spans.size());
    for (Future<QualityStore.Score> f : pending) {
      try {
        scores.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while scoring", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("scoring failed", e.getCause());
      }
    }
    return scores;
  }

  private QualityStore.Score score(
      QualityStore.Unscored s,
      String promptHash,
      QualityStore.Baseline baseline,
      double threshold) {
    String responseHash = ExactHashScorer.hash(s.response());
    if (baseline == null
        || (baseline.traceId().equals(s.traceId()) && baseline.spanId().equals(s.spanId()))) {
      count(baseline == null ? "unscored" : "baseline");
      return new QualityStore.Score(s, promptHash, responseHash, null, scorer.name(), false);
    }
    Double similarity;
    String scorerName = scorer.name();
    if (baseline.responseHash().equals(responseHash)) {
      similarity = 1.0;
    } else {
      long start = System.nanoTime();
      try {
        similarity = scorer.score(baseline.response(), s.response());
      } catch (RuntimeException e) {
        // ScoringException's message names the provider's status, never the key; any other failure
        // of one span must not stall the backlog behind it either
        log.warn(
            "quality scorer {} failed for span {}: {}", scorer.name(), s.spanId(), e.getMessage());
        count("failed");
        return new QualityStore.Score(
            s, promptHash, responseHash, null, scorerName + ":failed", false);
      } finally {
        latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
    }
    count("scored");
    return new QualityStore.Score(
        s, promptHash, responseHash, similarity, scorerName, similarity < threshold);
  }

  private void count(String outcome) {
    meters.counter("lumina.quality.scored", "outcome", outcome).increment();
  }

  private static String key(QualityStore.Unscored s) {
    return s.traceId() + '/' + s.spanId() + '/' + s.startTime();
  }

  void close() {
    calls.shutdownNow();
  }
}
