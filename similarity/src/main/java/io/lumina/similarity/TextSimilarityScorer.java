package io.lumina.similarity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

  /** Below this code point no character is Han, Hiragana or Katakana: no script lookup needed. */
  private static final int FIRST_CJK = 0x2E80;

  @Override
  public double score(String expected, String actual) {
    TokenHashes a = TokenHashes.of(expected);
    TokenHashes b = TokenHashes.of(actual);
    if (a.size() == 0 && b.size() == 0) {
      return 1.0;
    }
    if (a.size() == 0 || b.size() == 0) {
      return 0.0;
    }
    if (a.sameAs(b)) {
      return 1.0; // exactly: the cosine of equal vectors can come out as 0.9999999999999999
    }
    double unigrams = HashCounts.unigrams(a).cosine(HashCounts.unigrams(b));
    if (a.size() < 2 && b.size() < 2) {
      return clamp(unigrams);
    }
    double bigrams = HashCounts.bigrams(a).cosine(HashCounts.bigrams(b));
    return clamp((unigrams + bigrams) / 2);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The 64-bit hashes of the text's tokens, in order: what {@link #score} compares, with no {@code
   * String} per token (see {@link TokenHashes}).
   */
  public static long[] tokenHashes(String text) {
    return TokenHashes.of(text).toArray();
  }

  /**
   * The tokens of the text, by a hand loop over code points (a regular expression here cost most of
   * the worker's CPU, docs/performance.md): ASCII text needs neither NFKC nor a script lookup, and
   * a script is looked up only for code points where Han, Hiragana or Katakana can occur.
   */
  public static List<String> tokens(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<String> tokens = new ArrayList<>();
    if (isAscii(text)) {
      asciiTokens(text, tokens);
    } else {
      unicodeTokens(
          Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT), tokens);
    }
    return tokens;
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** ASCII: NFKC changes nothing; a token is a run of letters and digits, lower-cased. */
  private static void asciiTokens(String s, List<String> out) {
    int n = s.length();
    char[] buf = null;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (!isAsciiAlnum(c)) {
        i++;
        continue;
      }
      int start = i;
      boolean upper = false;
      while (i < n && isAsciiAlnum(c = s.charAt(i))) {
        upper |= c >= 'A' && c <= 'Z';
        i++;
      }
      if (!upper) {
        out.add(s.substring(start, i));
      } else {
        if (buf == null || buf.length < i - start) {
          buf = new char[Math.max(64, i - start)];
        }
        for (int k = start; k < i; k++) {
          char ch = s.charAt(k);
          buf[k - start] = ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch;
        }
        out.add(new String(buf, 0, i - start));
      }
    }
  }

  static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  }

  /** Normalized text: a run of letters and numbers, or one Han, Hiragana or Katakana character. */
  private static void unicodeTokens(String s, List<String> out) {
    int n = s.length();
    int runStart = -1;
    int i = 0;
    while (i < n) {
      int cp = s.codePointAt(i);
      int width = Character.charCount(cp);
      if (isCjk(cp)) {
        if (runStart >= 0) {
          out.add(s.substring(runStart, i));
          runStart = -1;
        }
        out.add(s.substring(i, i + width));
      } else if (isLetterOrNumber(cp)) {
        if (runStart < 0) {
          runStart = i;
        }
      } else if (runStart >= 0) {
        out.add(s.substring(runStart, i));
        runStart = -1;
      }
      i += width;
    }
    if (runStart >= 0) {
      out.add(s.substring(runStart, n));
    }
  }

  /**
   * {@code \p{L}} or {@code \p{N}}: every letter category, and decimal, letter and other numbers.
   */
  static boolean isLetterOrNumber(int cp) {
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER ->
          true;
      default -> false;
    };
  }

  static boolean isCjk(int cp) {
    if (cp < FIRST_CJK) {
      return false;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA;
  }

  // floating-point error can put identical texts at 1.0000000000000002
  private static double clamp(double score) {
    return Math.max(0.0, Math.min(1.0, score));
  }
}
