package io.lumina.storage.quality;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What response-quality scoring reads and writes: stored spans waiting for a score, each prompt's
 * baseline response, and the scores.
 */
public interface QualityStore {

  /** Up to {@code limit} stored spans with a response and no score yet, oldest stored first. */
  List<Unscored> unscored(int limit);

  /**
   * Claims up to {@code limit} unscored spans (oldest stored first) that no other replica holds,
   * hands them to {@code scoring}, and writes what it returns, all in one transaction: the rows
   * stay locked ({@code FOR UPDATE SKIP LOCKED}) while they are scored, so replicas split the
   * backlog and a remote scorer is asked once per span. A failure rolls back and frees the claim.
   *
   * @return how many spans were claimed and how many turned degraded
   */
  Claimed scoreClaimed(int limit, Function<List<Unscored>, List<Score>> scoring, Instant now);

  /** What one {@link #scoreClaimed} did. */
  record Claimed(int claimed, int degraded) {}

  /** How many spans wait, counted up to {@code cap} so that asking stays cheap under a backlog. */
  long backlog(int cap);

  /** Baselines of these prompts in this project, by prompt hash. */
  Map<String, Baseline> baselines(String projectId, Collection<String> promptHashes);

  /** Makes this span's response the prompt's baseline unless the prompt has one already. */
  default void insertBaselineIfAbsent(Unscored span, String promptHash, String responseHash) {
    insertBaselinesIfAbsent(List.of(new NewBaseline(span, promptHash, responseHash)));
  }

  /**
   * Each span's response its prompt's baseline unless the prompt has one already, in one statement
   * (one commit for a whole message, however many new prompts it brings).
   */
  void insertBaselinesIfAbsent(List<NewBaseline> baselines);

  /** A span offered as its prompt's baseline. */
  record NewBaseline(Unscored span, String promptHash, String responseHash) {}

  /**
   * Writes the scores in one transaction; a span another replica scored first is left alone. A
   * degraded score turns an {@code ok} span degraded, and then its trace summary and hourly rollup
   * follow, only for the spans this call really changed, so nothing counts twice.
   *
   * @return how many spans turned degraded
   */
  int write(List<Score> scores, Instant now);

  /** A stored span waiting for its score. */
  record Unscored(
      String projectId,
      String traceId,
      String spanId,
      Instant startTime,
      String serviceName,
      String model,
      String provider,
      String status,
      String prompt,
      String response) {}

  /** A prompt's baseline response. */
  record Baseline(String response, String responseHash, String traceId, String spanId) {}

  /**
   * The outcome for one span. {@code similarity} null: first occurrence of the prompt, or the
   * scorer failed.
   */
  record Score(
      Unscored span,
      String promptHash,
      String responseHash,
      Double similarity,
      String scorer,
      boolean degraded) {}
}
