package io.lumina.worker.quality;

import io.lumina.model.Ids;
import io.lumina.similarity.ExactHashScorer;
import io.lumina.similarity.SimilarityScorer;
import io.lumina.similarity.TextSimilarityScorer;
import io.lumina.storage.quality.QualityStore;
import io.lumina.storage.quality.QualityThresholdStore;
import io.lumina.storage.spans.IncomingSpan;
import io.lumina.storage.spans.SpanQuality;
import io.lumina.worker.quality.QualityScorerConfiguration.QualityScorer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Scores responses on the way in, before the insert, when the scorer is a local one ({@code text}
 * or {@code exact}): the COPY then writes the score columns (and a degraded status) with the row,
 * and the span is never rewritten. Remote scorers stay in {@link ResponseQualityScorer}, which
 * claims stored spans.
 *
 * <p>Baselines (the first response seen for a prompt) come from a bounded LRU cache by project and
 * prompt hash ({@code lumina.quality.baseline-cache-size}), then from {@code prompt_baselines}; a
 * prompt seen nowhere makes this span its baseline (insert if absent, then read back, since another
 * replica may have won). Thresholds by service are cached for {@link #THRESHOLDS_TTL_MILLIS}.
 *
 * <p>Thread-safe: consumer threads share it.
 */
@Component
public class InlineQualityScorer {
  static final long THRESHOLDS_TTL_MILLIS = 30_000;

  private final QualityStore store;
  private final QualityThresholdStore thresholds;
  private final SimilarityScorer scorer;
  private final QualityProperties properties;
  private final Clock clock;
  private final boolean active;
  private final Map<String, QualityStore.Baseline> baselines;
  private final Map<String, CachedThresholds> thresholdCache = new HashMap<>();
  private final Map<String, Counter> outcomes = new HashMap<>();

  private record CachedThresholds(Map<String, Double> byService, long loadedAtMillis) {}

  InlineQualityScorer(
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
    this.active =
        properties.enabled()
            && (this.scorer instanceof TextSimilarityScorer
                || this.scorer instanceof ExactHashScorer);
    int capacity = properties.baselineCacheSize();
    this.baselines =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, QualityStore.Baseline> eldest) {
            return size() > capacity;
          }
        };
    for (String outcome : List.of("scored", "baseline", "unscored")) {
      outcomes.put(outcome, meters.counter("lumina.quality.scored", "outcome", outcome));
    }
  }

  /** Whether spans are scored before the insert on this replica. */
  public boolean active() {
    return active;
  }

  /**
   * The spans of one project, those with a response carrying their score; others unchanged. Reads
   * and inserts baselines through the store: a database failure throws, as a write would.
   */
  public List<IncomingSpan> score(String projectId, List<IncomingSpan> spans) {
    if (!active || spans.isEmpty()) {
      return spans;
    }
    String[] promptHashes = new String[spans.size()];
    Map<String, QualityStore.Baseline> known = new HashMap<>();
    List<String> missing = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i < spans.size(); i++) {
      IncomingSpan s = spans.get(i);
      if (s.normalized().response() == null) {
        continue;
      }
      any = true;
      String prompt = s.normalized().prompt();
      if (prompt == null || prompt.isBlank()) {
        continue;
      }
      String hash = ExactHashScorer.hash(prompt);
      promptHashes[i] = hash;
      if (!known.containsKey(hash)) {
        QualityStore.Baseline cached = cached(projectId, hash);
        if (cached != null) {
          known.put(hash, cached);
        } else if (!missing.contains(hash)) {
          missing.add(hash);
        }
      }
    }
    if (!any) {
      return spans;
    }
    if (!missing.isEmpty()) {
      resolve(projectId, spans, promptHashes, missing, known);
    }
    Map<String, Double> byService = thresholds(projectId);
    Instant now = clock.instant();
    List<IncomingSpan> out = new ArrayList<>(spans.size());
    for (int i = 0; i < spans.size(); i++) {
      IncomingSpan s = spans.get(i);
      if (s.normalized().response() == null) {
        out.add(s);
        continue;
      }
      String promptHash = promptHashes[i];
      QualityStore.Baseline baseline = promptHash == null ? null : known.get(promptHash);
      double threshold =
          byService.getOrDefault(
              s.serviceName(), byService.getOrDefault("", properties.degradedBelow()));
      out.add(s.withQuality(score(s, promptHash, baseline, threshold, now)));
    }
    return out;
  }

  private SpanQuality score(
      IncomingSpan s,
      String promptHash,
      QualityStore.Baseline baseline,
      double threshold,
      Instant now) {
    String response = s.normalized().response();
    String responseHash = ExactHashScorer.hash(response);
    if (baseline == null
        || (baseline.traceId().equals(Ids.hex(s.span().getTraceId()))
            && baseline.spanId().equals(Ids.hex(s.span().getSpanId())))) {
      outcomes.get(baseline == null ? "unscored" : "baseline").increment();
      return new SpanQuality(promptHash, responseHash, null, scorer.name(), now, false);
    }
    double similarity =
        baseline.responseHash().equals(responseHash)
            ? 1.0
            : scorer.score(baseline.response(), response);
    outcomes.get("scored").increment();
    return new SpanQuality(
        promptHash, responseHash, similarity, scorer.name(), now, similarity < threshold);
  }

  /**
   * Baselines not in the cache: read them; a prompt without one gets its first span in this message
   * as baseline, unless another replica inserts one first.
   */
  private void resolve(
      String projectId,
      List<IncomingSpan> spans,
      String[] promptHashes,
      List<String> missing,
      Map<String, QualityStore.Baseline> known) {
    Map<String, QualityStore.Baseline> stored = store.baselines(projectId, missing);
    List<String> inserted = new ArrayList<>();
    List<QualityStore.NewBaseline> offered = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      String hash = promptHashes[i];
      if (hash == null || stored.containsKey(hash) || inserted.contains(hash)) {
        continue;
      }
      if (!missing.contains(hash)) {
        continue;
      }
      IncomingSpan s = spans.get(i);
      String response = s.normalized().response();
      offered.add(
          new QualityStore.NewBaseline(
              new QualityStore.Unscored(
                  projectId,
                  Ids.hex(s.span().getTraceId()),
                  Ids.hex(s.span().getSpanId()),
                  null,
                  s.serviceName(),
                  null,
                  null,
                  null,
                  s.normalized().prompt(),
                  response),
              hash,
              ExactHashScorer.hash(response)));
      inserted.add(hash);
    }
    // One statement for every new prompt of the message: a commit per prompt would make a stream
    // of fresh prompts as slow as the database's fsync.
    store.insertBaselinesIfAbsent(offered);
    if (!inserted.isEmpty()) {
      stored.putAll(store.baselines(projectId, inserted)); // the winner, ours or another's
    }
    synchronized (baselines) {
      stored.forEach((hash, b) -> baselines.put(projectId + '\n' + hash, b));
    }
    known.putAll(stored);
  }

  private QualityStore.Baseline cached(String projectId, String promptHash) {
    synchronized (baselines) {
      return baselines.get(projectId + '\n' + promptHash);
    }
  }

  private Map<String, Double> thresholds(String projectId) {
    long nowMillis = clock.millis();
    synchronized (thresholdCache) {
      CachedThresholds c = thresholdCache.get(projectId);
      if (c != null && nowMillis - c.loadedAtMillis() < THRESHOLDS_TTL_MILLIS) {
        return c.byService();
      }
    }
    Map<String, Double> loaded = thresholds.byService(projectId);
    synchronized (thresholdCache) {
      if (thresholdCache.size() > 10_000) {
        thresholdCache.clear(); // bounded: projects come back on their next message
      }
      thresholdCache.put(projectId, new CachedThresholds(loaded, nowMillis));
    }
    return loaded;
  }
}
