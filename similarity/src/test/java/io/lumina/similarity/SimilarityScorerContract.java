package io.lumina.similarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SimilarityScorer} runs: extend it and return the scorer under test.
 * Offline scorers must pass it as is; a remote scorer runs it against a local fake server.
 */
abstract class SimilarityScorerContract {

  protected abstract SimilarityScorer scorer();

  private static final List<String> SAMPLES =
      List.of(
          "",
          "   ",
          "Paris",
          "The capital of France is Paris.",
          "Paris is the capital of France.",
          "Berlin is the capital of Germany.",
          "def add(a, b):\n    return a + b",
          "東京は日本の首都です。",
          "42");

  @Test
  void identicalTextsScoreOne() {
    for (String s : SAMPLES) {
      assertThat(scorer().score(s, s)).as(s).isEqualTo(1.0);
    }
  }

  @Test
  void scoresStayBetweenZeroAndOneAndAreSymmetric() {
    for (String a : SAMPLES) {
      for (String b : SAMPLES) {
        double ab = scorer().score(a, b);
        assertThat(ab).as("%s vs %s", a, b).isBetween(0.0, 1.0);
        assertThat(scorer().score(b, a)).as("%s vs %s", b, a).isEqualTo(ab);
      }
    }
  }

  @Test
  void nullCountsAsEmpty() {
    assertThat(scorer().score(null, null)).isEqualTo(1.0);
    assertThat(scorer().score(null, "")).isEqualTo(1.0);
    assertThat(scorer().score(null, "Paris")).isEqualTo(scorer().score("", "Paris"));
  }

  @Test
  void unrelatedAnswerScoresBelowOne() {
    assertThat(
            scorer().score("The capital of France is Paris.", "I cannot help with that request."))
        .isLessThan(1.0);
  }

  @Test
  void hasAStableNameAndAHealthCheck() {
    assertThat(scorer().name()).matches("[a-z][a-z0-9-]*");
    assertThat(scorer().check()).isNotNull();
  }
}
