package io.lumina.similarity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExactHashScorerTest extends SimilarityScorerContract {
  private final ExactHashScorer scorer = new ExactHashScorer();

  @Override
  protected SimilarityScorer scorer() {
    return scorer;
  }

  @Test
  void whitespaceAndCompatibilityFormsDoNotCount() {
    assertThat(scorer.score("The answer is 42.", "  The answer\n\tis\u00a042. \n")).isEqualTo(1.0);
    // full-width digits fold to ASCII under NFKC
    assertThat(scorer.score("Answer: 42", "Answer: ４２")).isEqualTo(1.0);
  }

  @Test
  void caseAndPunctuationDoCount() {
    assertThat(scorer.score("SELECT id FROM users", "select id from users")).isEqualTo(0.0);
    assertThat(scorer.score("Yes.", "Yes!")).isEqualTo(0.0);
  }

  @Test
  void hashIsTheSha256OfTheNormalizedText() {
    assertThat(ExactHashScorer.hash(" a  b "))
        .isEqualTo(ExactHashScorer.hash("a b"))
        // sha256("a b")
        .isEqualTo("c8687a08aa5d6ed2044328fa6a697ab8e96dc34291e8c2034ae8c38e6fcc6d65");
    assertThat(ExactHashScorer.hash(null)).isEqualTo(ExactHashScorer.hash(""));
    assertThat(ExactHashScorer.normalize("  x\r\n y ")).isEqualTo("x y");
  }
}
