package io.lumina.similarity;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The tokens of a text as {@link TextSimilarityScorer#tokens} finds them, each kept as a 64-bit
 * hash of its characters rather than as a {@code String}: tokenizing then allocates a few arrays
 * per text and nothing per token (docs/performance.md, "Tokenizer", has its cost per KB).
 *
 * <p>The hash of a token depends only on its lower-cased UTF-16 characters, taken eight at a time:
 * one multiply per eight characters of the low bytes, and one more for a group whose high bytes are
 * not all zero, then the length XORed in. The ASCII path and the Unicode path give the same hash
 * for the same token. Two different tokens, or bigrams, share a hash with probability about
 * 2<sup>-64</sup> per pair; the scores are those of the token strings (HandTokenizerTest compares
 * them on a corpus of scripts and random text). A token's hash is not mixed further: a finalizer
 * would not change which tokens collide, only how the bits spread, and {@link HashCounts} spreads
 * them itself when it picks a slot.
 *
 * <p>ASCII text, the common case for LLM answers, is tokenized without a branch per character:
 * eight bytes at a time are classified into a bit mask of letters and digits, the token boundaries
 * are the bits where the mask changes, and each token is hashed from whole 8-byte words (lower-case
 * is one OR, since every ASCII letter and digit has bit 0x20 set once lower-cased).
 */
final class TokenHashes {
  private static final long SEED = 0x9E3779B97F4A7C15L;
  private static final long MULTIPLIER = 0xBF58476D1CE4E5B9L;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long LOWER_CASE = 0x2020202020202020L;
  // moves bit 7 of each byte to bit 56 + (byte index): the eight high bits become the top byte
  private static final long GATHER = 0x0102040810204080L;

  private long[] hashes;
  private int size;

  // the token being read on the Unicode path: its hash so far, the current group of up to eight
  // characters (low and high bytes apart) and its length in chars
  private long runHash;
  private long runLow;
  private long runHigh;
  private int runLength;

  private TokenHashes(int capacity) {
    this.hashes = new long[capacity];
  }

  private TokenHashes(long[] hashes) {
    this.hashes = hashes;
    this.size = hashes.length;
  }

  static TokenHashes of(String text) {
    if (text == null || text.isEmpty()) {
      return new TokenHashes(0);
    }
    // For an ASCII string the JDK's UTF-8 encoding is a vectorized check and a copy. The length
    // matches only if every char is ASCII or an unpaired surrogate, which the encoder writes as
    // '?': a separator, as the Unicode path treats the surrogate, so the tokens are the same. A
    // text that is not ASCII in its first characters skips the encoding, which it would waste.
    if (startsAscii(text)) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (bytes.length == text.length()) {
        return ascii(bytes);
      }
    }
    // about one token per six characters of prose; the array grows if not
    TokenHashes out = new TokenHashes(Math.max(8, text.length() / 6));
    out.unicode(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
    return out;
  }

  private static boolean startsAscii(String text) {
    for (int i = 0, n = Math.min(text.length(), 32); i < n; i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return size;
  }

  long get(int index) {
    return hashes[index];
  }

  /**
   * The hashes in order: this object's own array when it is exactly full, since nothing changes it
   * after {@link #of} and the only caller keeps the array, not this object.
   */
  long[] toArray() {
    return size == hashes.length ? hashes : Arrays.copyOf(hashes, size);
  }

  boolean sameAs(TokenHashes other) {
    return Arrays.equals(hashes, 0, size, other.hashes, 0, other.size);
  }

  /** The hash of the bigram (first, second): order matters. */
  static long bigram(long first, long second) {
    return mix(first * MULTIPLIER + Long.rotateLeft(second, 31));
  }

  /**
   * ASCII bytes: a token is a run of letters and digits, hashed lower-cased. Each 64-byte block
   * becomes a mask with a bit per letter or digit; a token starts where the mask turns on and ends
   * where it turns off. A first pass builds the masks and counts the tokens, so the second fills an
   * array of exactly the right size and pairs each start with its end without a branch per edge.
   * The array and its index are locals, not this object's fields, so the loop keeps them in
   * registers.
   */
  private static TokenHashes ascii(byte[] bytes) {
    int n = bytes.length;
    long[] masks = new long[(n + 63) >>> 6];
    int count = 0;
    long carry = 0; // the last bit of the previous block's mask
    for (int block = 0; block < masks.length; block++) {
      long mask = alnumMask(bytes, block << 6);
      masks[block] = mask;
      count += Long.bitCount(mask & ~((mask << 1) | carry));
      carry = mask >>> 63;
    }
    long[] out = new long[count];
    int size = 0;
    int open = -1; // the start of a token that runs into the next block
    carry = 0;
    for (int block = 0; block < masks.length; block++) {
      int base = block << 6;
      long mask = masks[block];
      long before = (mask << 1) | carry;
      carry = mask >>> 63;
      long starts = mask & ~before;
      long ends = before & ~mask;
      if (open >= 0 && ends != 0) {
        int end = base + Long.numberOfTrailingZeros(ends);
        ends &= ends - 1;
        out[size++] = asciiToken(bytes, open, end);
        open = -1;
      }
      while (starts != 0) {
        int start = base + Long.numberOfTrailingZeros(starts);
        starts &= starts - 1;
        if (ends == 0) {
          open = start; // the last start of the block; its end is in a later block
          break;
        }
        int end = base + Long.numberOfTrailingZeros(ends);
        ends &= ends - 1;
        out[size++] = asciiToken(bytes, start, end);
      }
    }
    if (open >= 0) {
      out[size++] = asciiToken(bytes, open, n);
    }
    return new TokenHashes(out);
  }

  /** Bit i is set when byte base + i is an ASCII letter or digit; bits past the end are clear. */
  private static long alnumMask(byte[] bytes, int base) {
    if (base + 64 <= bytes.length) {
      long mask = 0;
      for (int k = 0; k < 8; k++) {
        mask |= alnumBits((long) LONGS.get(bytes, base + 8 * k)) << (8 * k);
      }
      return mask;
    }
    long mask = 0;
    for (int at = base; at < bytes.length; at += 8) {
      mask |= alnumBits(word(bytes, at)) << (at - base);
    }
    return mask;
  }

  /** Eight bits, one per byte of the word (all below 0x80): set for a letter or a digit. */
  private static long alnumBits(long x) {
    // for bytes below 0x80, x + (0x80 - lo) has its high bit set iff x >= lo, with no carry out
    long lower = x | LOWER_CASE;
    long letter = (lower + (0x80 - 'a') * ONES) & ~(lower + (0x7F - 'z') * ONES);
    long digit = (x + (0x80 - '0') * ONES) & ~(x + (0x7F - '9') * ONES);
    return (((letter | digit) & HIGH_BITS) >>> 7) * GATHER >>> 56;
  }

  /**
   * The hash of bytes [start, end): most tokens fit in one word, read and hashed in line; a longer
   * one, or one in the last eight bytes, takes the loop.
   */
  private static long asciiToken(byte[] bytes, int start, int end) {
    int length = end - start;
    if (length <= 8 && start + 8 <= bytes.length) {
      long w = ((long) LONGS.get(bytes, start) | LOWER_CASE) & (-1L >>> (64 - 8 * length));
      return finish((SEED + w) * MULTIPLIER, length);
    }
    return longAsciiToken(bytes, start, end);
  }

  private static long longAsciiToken(byte[] bytes, int start, int end) {
    long h = SEED;
    int at = start;
    while (end - at > 8) {
      h = (h + (word(bytes, at) | LOWER_CASE)) * MULTIPLIER;
      at += 8;
    }
    long last = (word(bytes, at) | LOWER_CASE) & (-1L >>> (64 - 8 * (end - at)));
    return finish((h + last) * MULTIPLIER, end - start);
  }

  /** Eight bytes from {@code at}, little-endian; zeros past the end of the array. */
  private static long word(byte[] bytes, int at) {
    // the tail is a call of its own so that this stays small enough to inline everywhere
    return at + 8 <= bytes.length ? (long) LONGS.get(bytes, at) : lastWord(bytes, at);
  }

  private static long lastWord(byte[] bytes, int at) {
    long w = 0;
    for (int i = bytes.length - 1; i >= at; i--) {
      w = (w << 8) | (bytes[i] & 0xFF);
    }
    return w;
  }

  /** Normalized, lower-cased text: a run of letters and numbers, or one Han/kana character. */
  private void unicode(String s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      int cp = s.codePointAt(i);
      int width = Character.charCount(cp);
      if (TextSimilarityScorer.isCjk(cp)) {
        endRun();
        push(s.charAt(i));
        if (width == 2) {
          push(s.charAt(i + 1));
        }
        endRun();
      } else if (TextSimilarityScorer.isLetterOrNumber(cp)) {
        push(s.charAt(i));
        if (width == 2) {
          push(s.charAt(i + 1));
        }
      } else {
        endRun();
      }
      i += width;
    }
    endRun();
  }

  private void push(char c) {
    if (runLength == 0) {
      runHash = SEED;
    }
    int shift = 8 * (runLength & 7);
    runLow |= (long) (c & 0xFF) << shift;
    runHigh |= (long) (c >>> 8) << shift;
    runLength++;
    if ((runLength & 7) == 0) {
      flushGroup();
    }
  }

  private void endRun() {
    if (runLength == 0) {
      return;
    }
    if ((runLength & 7) != 0) {
      flushGroup();
    }
    add(finish(runHash, runLength));
    runLength = 0;
  }

  private void flushGroup() {
    runHash = (runHash + runLow) * MULTIPLIER;
    if (runHigh != 0) {
      runHash = (runHash + runHigh) * MULTIPLIER;
    }
    runLow = 0;
    runHigh = 0;
  }

  private void add(long hash) {
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.max(8, size * 2));
    }
    hashes[size++] = hash;
  }

  private static long finish(long h, int length) {
    return h ^ length;
  }

  /** The 64-bit finalizer of SplitMix64: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
