package io.lumina.similarity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default offline similarity: cosine similarity of word n-gram counts, averaged over unigrams
 * (which words) and bigrams (in which order). No model, no network, no corpus statistics, so a
 * score depends only on the two texts and is the same on every machine and every day.
 *
 * <p>Tokens: the text is NFKC-normalized and lower-cased; a token is a run of letters and digits,
 * or a single Han, Hiragana or Katakana character (those scripts do not separate words with
 * spaces). Punctuation and whitespace are not tokens, so reformatting alone does not lower the
 * score.
 *
 * <p>Score: the mean of the unigram cosine and the bigram cosine; when neither text has a bigram
 * (both are one word or empty) the unigram cosine alone. Two texts without tokens score 1.0; one
 * empty and one not score 0.0. Paraphrases with the same content words score high, reordered
 * sentences keep the unigram half, a different answer scores near zero. It is a cheap lexical
 * measure, not a semantic one: "yes" and "certainly" score 0. The LLM-judge and embeddings scorers
 * cover meaning.
 */
public final class TextSimilarityScorer implements SimilarityScorer {

  public static final String NAME = "text";

  private static final Pattern TOKEN =
      Pattern.compile(
          "[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]"
              + "|[\\p{L}\\p{N}&&[^\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]]+");

  @Override
  public double score(String expected, String actual) {
    List<String> a = tokens(expected);
    List<String> b = tokens(actual);
    if (a.isEmpty() && b.isEmpty()) {
      return 1.0;
    }
    if (a.isEmpty() || b.isEmpty()) {
      return 0.0;
    }
    if (a.equals(b)) {
      return 1.0; // exactly: the cosine of equal vectors can come out as 0.9999999999999999
    }
    double unigrams = cosine(ngrams(a, 1), ngrams(b, 1));
    if (a.size() < 2 && b.size() < 2) {
      return clamp(unigrams);
    }
    double bigrams = cosine(ngrams(a, 2), ngrams(b, 2));
    return clamp((unigrams + bigrams) / 2);
  }

  @Override
  public String name() {
    return NAME;
  }

  static List<String> tokens(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(normalized);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  private static Map<String, Integer> ngrams(List<String> tokens, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      String gram = n == 1 ? tokens.get(i) : String.join("\u0000", tokens.subList(i, i + n));
      counts.merge(gram, 1, Integer::sum);
    }
    return counts;
  }

  private static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0.0;
    }
    Map<String, Integer> small = a.size() <= b.size() ? a : b;
    Map<String, Integer> large = small == a ? b : a;
    double dot = 0;
    for (Map.Entry<String, Integer> e : small.entrySet()) {
      Integer other = large.get(e.getKey());
      if (other != null) {
        dot += (double) e.getValue() * other;
      }
    }
    return dot / Math.sqrt(squaredNorm(a) * squaredNorm(b));
  }

  private static double squaredNorm(Map<String, Integer> counts) {
    double sum = 0;
    for (int c : counts.values()) {
      sum += (double) c * c;
    }
    return sum;
  }

  // floating-point error can put identical texts at 1.0000000000000002
  private static double clamp(double score) {
    return Math.max(0.0, Math.min(1.0, score));
  }
}
