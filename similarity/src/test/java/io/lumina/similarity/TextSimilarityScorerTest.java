package io.lumina.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TextSimilarityScorerTest extends SimilarityScorerContract {
  private final TextSimilarityScorer scorer = new TextSimilarityScorer();

  @Override
  protected SimilarityScorer scorer() {
    return scorer;
  }

  @Test
  void caseWhitespaceAndPunctuationDoNotCount() {
    assertThat(scorer.score("The capital of France is Paris.", "the capital of france is paris"))
        .isEqualTo(1.0);
  }

  @Test
  void aParaphraseScoresHigherThanADifferentAnswer() {
    String original = "The capital of France is Paris.";
    double paraphrase = scorer.score(original, "Paris is the capital of France.");
    double other = scorer.score(original, "Berlin is the capital of Germany.");
    double unrelated = scorer.score(original, "I cannot help with that request.");
    assertThat(paraphrase).isGreaterThan(other);
    assertThat(other).isGreaterThan(unrelated);
    assertThat(unrelated).isEqualTo(0.0);
  }

  @Test
  void scoreIsTheMeanOfUnigramAndBigramCosine() {
    // unigrams {a,b,c} vs {a,b,d}: 2 / (sqrt3 * sqrt3) = 2/3; bigrams {ab, bc} vs {ab, bd}: 1/2
    assertThat(scorer.score("a b c", "a b d")).isCloseTo((2.0 / 3 + 0.5) / 2, within(1e-12));
    // the same words in another order keep the unigram half only
    assertThat(scorer.score("a b", "b a")).isCloseTo(0.5, within(1e-12));
    // one word each: unigrams alone
    assertThat(scorer.score("yes", "Yes!")).isEqualTo(1.0);
    assertThat(scorer.score("yes", "no")).isEqualTo(0.0);
  }

  @Test
  void emptyAgainstTextIsZero() {
    assertThat(scorer.score("", "Paris")).isEqualTo(0.0);
    assertThat(scorer.score("...", "!!!")).isEqualTo(1.0);
  }

  @Test
  void hanCharactersAreTokensOfTheirOwn() {
    assertThat(TextSimilarityScorer.tokens("東京は日本")).containsExactly("東", "京", "は", "日", "本");
    assertThat(scorer.score("東京は日本の首都です。", "日本の首都は東京です。")).isBetween(0.5, 1.0);
  }
}
