package io.lumina.similarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written tokenizer and whitespace normalizer give exactly what the regular expressions
 * they replaced gave, on a corpus of scripts, emoji, accents, odd spaces and random code points;
 * and scoring on token hashes gives exactly the scores of string n-gram maps.
 */
class HandTokenizerTest {
  private static final Pattern OLD_TOKEN =
      Pattern.compile(
          "[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]"
              + "|[\\p{L}\\p{N}&&[^\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]]+");
  private static final Pattern OLD_WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

  static List<String> oldTokens(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    List<String> tokens = new ArrayList<>();
    Matcher m = OLD_TOKEN.matcher(normalized);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  static String oldNormalize(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
    return OLD_WHITESPACE.matcher(nfkc).replaceAll(" ").strip();
  }

  static final List<String> CORPUS =
      List.of(
          "",
          " ",
          "Paris is the capital of France.",
          "PARIS Is The CAPITAL, of FRANCE!!  42 x1y2",
          "tab\there\nnew line\r\nand\u000Bvertical\fform feed",
          "non\u00A0breaking\u2003em\u2028line\u2029para\u3000ideographic",
          "Café naïve résumé Ångström déjà vu",
          "e\u0301 composed by NFKC, ﬁ ligature, Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
          "東京は日本の首都です。カタカナ ひらがな 漢字mixed123",
          "ﾊﾝｶｸｶﾀｶﾅ half-width katakana",
          "한국어 텍스트 Korean Hangul is letters, not CJK here",
          "emoji 😀👍🏽 family 👨‍👩‍👧 flags 🇫🇷 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math",
          "Ⅻ roman numeral ½ fraction ² superscript ٣ arabic digit",
          "Σίσυφος ΟΔΟΣ final sigma, İstanbul dotted I, ß straße",
          "Привет, мир! שלום עולם مرحبا بالعالم",
          "code: foo_bar(baz) -> qux; x=1.5e10 /path/to/file.txt",
          "\uD800 lone high \uDC00 lone low surrogate",
          "𠀀𠀁 supplementary Han, 𛀁 hentaigana",
          "   leading and trailing   ");

  @Test
  void tokensAreThoseOfTheRegularExpression() {
    for (String text : CORPUS) {
      assertThat(TextSimilarityScorer.tokens(text)).as(text).isEqualTo(oldTokens(text));
    }
  }

  @Test
  void normalizeIsThatOfTheRegularExpression() {
    for (String text : CORPUS) {
      assertThat(ExactHashScorer.normalize(text)).as(text).isEqualTo(oldNormalize(text));
    }
  }

  @Test
  void randomTextAgrees() {
    Random random = new Random(16);
    int[] pools = {
      0x20, 0x7F, 0xA0, 0x2000, 0x3000, 0x3040, 0x30A0, 0x4E00, 0xAC00, 0x1F600, 0x20000
    };
    for (int round = 0; round < 3_000; round++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        int cp =
            random.nextInt(4) == 0
                ? random.nextInt(0x30000)
                : pools[random.nextInt(pools.length)] + random.nextInt(0x60);
        if (Character.isValidCodePoint(cp)) {
          b.appendCodePoint(cp);
        }
      }
      String text = b.toString();
      assertThat(TextSimilarityScorer.tokens(text)).as(text).isEqualTo(oldTokens(text));
      assertThat(ExactHashScorer.normalize(text)).as(text).isEqualTo(oldNormalize(text));
    }
  }

  /** The scorer as it was on token strings: n-gram maps keyed by the joined tokens. */
  static double oldScore(String expected, String actual) {
    List<String> a = oldTokens(expected);
    List<String> b = oldTokens(actual);
    if (a.isEmpty() && b.isEmpty()) {
      return 1.0;
    }
    if (a.isEmpty() || b.isEmpty()) {
      return 0.0;
    }
    if (a.equals(b)) {
      return 1.0;
    }
    double unigrams = oldCosine(oldNgrams(a, 1), oldNgrams(b, 1));
    if (a.size() < 2 && b.size() < 2) {
      return Math.max(0.0, Math.min(1.0, unigrams));
    }
    double bigrams = oldCosine(oldNgrams(a, 2), oldNgrams(b, 2));
    return Math.max(0.0, Math.min(1.0, (unigrams + bigrams) / 2));
  }

  private static Map<String, Integer> oldNgrams(List<String> tokens, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      String gram = n == 1 ? tokens.get(i) : String.join("\u0000", tokens.subList(i, i + n));
      counts.merge(gram, 1, Integer::sum);
    }
    return counts;
  }

  private static double oldCosine(Map<String, Integer> a, Map<String, Integer> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0.0;
    }
    double dot = 0;
    for (Map.Entry<String, Integer> e : a.entrySet()) {
      Integer other = b.get(e.getKey());
      if (other != null) {
        dot += (double) e.getValue() * other;
      }
    }
    double na = 0;
    for (int c : a.values()) {
      na += (double) c * c;
    }
    double nb = 0;
    for (int c : b.values()) {
      nb += (double) c * c;
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void hashedScoresAreThoseOfTokenStrings() {
    TextSimilarityScorer scorer = new TextSimilarityScorer();
    for (String a : CORPUS) {
      for (String b : CORPUS) {
        assertThat(scorer.score(a, b)).as(a + " | " + b).isEqualTo(oldScore(a, b));
      }
    }
    List<String> near =
        List.of(
            "the cat sat on the mat",
            "the mat sat on the cat",
            "The Cat sat, on the mat!",
            "the cat the cat the cat",
            "東京は日本の首都です",
            "日本の首都は東京です",
            "Ｔｈｅ ｃａｔ sat on the mat 😀",
            "e\u0301 cafe\u0301 café",
            "ภาษาไทย ไม่มี ช่องว่าง ภาษาไทย");
    for (String a : near) {
      for (String b : near) {
        assertThat(scorer.score(a, b)).as(a + " | " + b).isEqualTo(oldScore(a, b));
      }
    }
  }

  @Test
  void hashedScoresAgreeOnRandomText() {
    TextSimilarityScorer scorer = new TextSimilarityScorer();
    Random random = new Random(61);
    String[] words = {"a", "b", "Paris", "paris", "東", "京", "😀", "ไทย", "e\u0301", "x1", "ß"};
    for (int round = 0; round < 3_000; round++) {
      String a = randomWords(random, words);
      String b = randomWords(random, words);
      assertThat(scorer.score(a, b)).as(a + " | " + b).isEqualTo(oldScore(a, b));
      assertThat(TextSimilarityScorer.tokenHashes(a).length).isEqualTo(oldTokens(a).size());
    }
  }

  private static String randomWords(Random random, String[] words) {
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      b.append(words[random.nextInt(words.length)]).append(random.nextInt(3) == 0 ? "" : " ");
    }
    return b.toString();
  }

  @Test
  void equalTokensHashEquallyOnBothPaths() {
    // "paris" tokenized as ASCII and inside a text that takes the Unicode path
    long ascii = TextSimilarityScorer.tokenHashes("Paris")[0];
    long unicode = TextSimilarityScorer.tokenHashes("Paris ☃")[0];
    assertThat(unicode).isEqualTo(ascii);
    assertThat(TextSimilarityScorer.tokenHashes("paris é")[0]).isEqualTo(ascii);
    assertThat(TextSimilarityScorer.tokenHashes("pariss")[0]).isNotEqualTo(ascii);
    // every length around the eight characters the hash takes per word
    String letters = "AbcdEfghIjklMnopQrstUvwxYz012345";
    for (int n = 1; n <= letters.length(); n++) {
      String token = letters.substring(0, n);
      long alone = TextSimilarityScorer.tokenHashes(token)[0];
      assertThat(TextSimilarityScorer.tokenHashes("x " + token + " ☃")[1])
          .as(token)
          .isEqualTo(alone);
      assertThat(TextSimilarityScorer.tokenHashes(token.toLowerCase(Locale.ROOT))[0])
          .isEqualTo(alone);
      if (n > 1) {
        assertThat(TextSimilarityScorer.tokenHashes(letters.substring(0, n - 1))[0])
            .isNotEqualTo(alone);
      }
    }
  }

  @Test
  void asciiWordsAtATimeAgreeWithTheUnicodePath() {
    // the ASCII path reads 8 bytes at a time in 64-byte blocks: random text over all of ASCII,
    // with tokens of every length and at every offset across word and block ends, hashed on both
    // paths (the trailing "é" sends the same text down the Unicode path)
    Random random = new Random(18);
    long accent = TextSimilarityScorer.tokenHashes("é")[0];
    for (int round = 0; round < 5_000; round++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(300);
      while (b.length() < length) {
        int kind = random.nextInt(10);
        if (kind < 7) {
          int word = 1 + random.nextInt(random.nextBoolean() ? 6 : 40);
          for (int i = 0; i < word; i++) {
            b.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
          }
        } else {
          b.append((char) random.nextInt(0x80));
        }
      }
      String text = b.toString();
      long[] ascii = TextSimilarityScorer.tokenHashes(text);
      long[] unicode = TextSimilarityScorer.tokenHashes(text + " é");
      assertThat(ascii.length).as(text).isEqualTo(oldTokens(text).size());
      assertThat(unicode).as(text).hasSize(ascii.length + 1);
      assertThat(Arrays.copyOf(unicode, ascii.length)).as(text).isEqualTo(ascii);
      assertThat(unicode[ascii.length]).isEqualTo(accent);
    }
  }

  private static final String ALNUM =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  @Test
  void everyAsciiCharacterIsClassifiedAsTheUnicodePathDoes() {
    for (char c = 0; c < 0x80; c++) {
      String text = "ab" + c + "cd";
      assertThat(TextSimilarityScorer.tokenHashes(text).length)
          .as("U+%04X", (int) c)
          .isEqualTo(oldTokens(text).size());
    }
  }
}
