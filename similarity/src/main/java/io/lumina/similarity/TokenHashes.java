package io.lumina.similarity;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The tokens of a text as {@link TextSimilarityScorer#tokens} finds them, each kept as a 64-bit
 * hash of its characters rather than as a {@code String}: tokenizing then allocates one growing
 * {@code long[]} and nothing per token (docs/performance.md, "Tokenizer", has its cost per KB).
 *
 * <p>The hash of a token depends only on its lower-cased UTF-16 characters, so the ASCII path and
 * the Unicode path give the same hash for the same token. Two different tokens, or bigrams, share a
 * hash with probability about 2<sup>-64</sup> per pair; the scores are those of the token strings
 * (HandTokenizerTest compares them on a corpus of scripts and random text).
 */
final class TokenHashes {
  private static final long SEED = 0x9E3779B97F4A7C15L;
  private static final long MULTIPLIER = 0xBF58476D1CE4E5B9L;

  private long[] hashes;
  private int size;

  private TokenHashes(int capacity) {
    this.hashes = new long[capacity];
  }

  static TokenHashes of(String text) {
    if (text == null || text.isEmpty()) {
      return new TokenHashes(0);
    }
    // about one token per six characters of prose; the array grows if not
    TokenHashes out = new TokenHashes(Math.max(8, text.length() / 6));
    if (TextSimilarityScorer.isAscii(text)) {
      out.ascii(text);
    } else {
      out.unicode(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
    }
    return out;
  }

  int size() {
    return size;
  }

  long get(int index) {
    return hashes[index];
  }

  long[] toArray() {
    return Arrays.copyOf(hashes, size);
  }

  boolean sameAs(TokenHashes other) {
    return Arrays.equals(hashes, 0, size, other.hashes, 0, other.size);
  }

  /** The hash of the bigram (first, second): order matters. */
  static long bigram(long first, long second) {
    return mix(first * MULTIPLIER + Long.rotateLeft(second, 31));
  }

  /** ASCII: a token is a run of letters and digits, hashed lower-cased. */
  private void ascii(String s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (!TextSimilarityScorer.isAsciiAlnum(c)) {
        i++;
        continue;
      }
      long h = SEED;
      int start = i;
      while (i < n && TextSimilarityScorer.isAsciiAlnum(c = s.charAt(i))) {
        h = step(h, c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        i++;
      }
      add(finish(h, i - start));
    }
  }

  /** Normalized, lower-cased text: a run of letters and numbers, or one Han/kana character. */
  private void unicode(String s) {
    int n = s.length();
    long h = SEED;
    int runStart = -1;
    int i = 0;
    while (i < n) {
      int cp = s.codePointAt(i);
      int width = Character.charCount(cp);
      if (TextSimilarityScorer.isCjk(cp)) {
        if (runStart >= 0) {
          add(finish(h, i - runStart));
          runStart = -1;
        }
        long single = step(SEED, s.charAt(i));
        if (width == 2) {
          single = step(single, s.charAt(i + 1));
        }
        add(finish(single, width));
      } else if (TextSimilarityScorer.isLetterOrNumber(cp)) {
        if (runStart < 0) {
          runStart = i;
          h = SEED;
        }
        h = step(h, s.charAt(i));
        if (width == 2) {
          h = step(h, s.charAt(i + 1));
        }
      } else if (runStart >= 0) {
        add(finish(h, i - runStart));
        runStart = -1;
      }
      i += width;
    }
    if (runStart >= 0) {
      add(finish(h, n - runStart));
    }
  }

  private void add(long hash) {
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.max(8, size * 2));
    }
    hashes[size++] = hash;
  }

  private static long step(long h, char c) {
    return (h + c) * MULTIPLIER;
  }

  private static long finish(long h, int length) {
    return mix(h ^ length);
  }

  /** The 64-bit finalizer of SplitMix64: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
