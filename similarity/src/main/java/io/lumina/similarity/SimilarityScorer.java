package io.lumina.similarity;

import java.util.Objects;

/**
 * Scores how close a new LLM response is to an expected one: 1.0 means the same, 0.0 nothing in
 * common. The seam for every similarity measure (docs/replay.md#scoring): exact hash, offline text
 * similarity, and later an LLM judge or embeddings through a configured provider. The replay engine
 * scores replayed responses against the captured originals with it; quality monitoring scores
 * responses against a prompt's baseline.
 *
 * <p>Contract (checked by {@code SimilarityScorerContract} for every implementation): the score is
 * in [0, 1], identical texts score 1.0, the score is symmetric, a null text counts as empty, and
 * two empty texts are identical. Implementations are thread-safe. A scorer that calls a remote
 * service reports failures by throwing {@link ScoringException}; callers record that item as
 * unscored instead of failing the whole run.
 */
public interface SimilarityScorer {

  /** The similarity of {@code actual} to {@code expected}, in [0, 1]. */
  double score(String expected, String actual);

  /**
   * A short stable name ({@code exact}, {@code text}), as chosen in APIs and stored with scores.
   */
  String name();

  /** Whether this scorer can score right now; offline scorers always can. */
  default Check check() {
    return Check.ok();
  }

  /** The outcome of {@link #check()}. */
  record Check(boolean up, String detail) {
    public Check {
      Objects.requireNonNull(detail, "detail");
    }

    public static Check ok() {
      return new Check(true, "ok");
    }

    public static Check down(String detail) {
      return new Check(false, detail);
    }
  }

  /** A scorer could not score (a remote judge timed out, for example). */
  final class ScoringException extends RuntimeException {
    public ScoringException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
