package io.lumina.similarity;

/**
 * How often each hashed n-gram occurs in a text: an open-addressing table of {@code long} keys and
 * {@code int} counts (linear probing, at most half full), so counting allocates two arrays and no
 * boxed entries. The cosine of two such vectors is exactly that of the string-keyed maps it
 * replaced: the products and squares are integers, summed exactly in a {@code double}.
 */
final class HashCounts {
  private final long[] keys;
  private final int[] counts;
  private final int mask;
  private final int shift;
  // key 0 cannot mark a free slot and be a key at once: it is counted here
  private int zeroCount;
  private int distinct;
  private double squaredNorm;

  private HashCounts(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    keys = new long[capacity];
    counts = new int[capacity];
    mask = capacity - 1;
    shift = Long.numberOfLeadingZeros(capacity) + 1;
  }

  static HashCounts unigrams(TokenHashes tokens) {
    HashCounts out = new HashCounts(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      out.increment(tokens.get(i));
    }
    out.finishNorm();
    return out;
  }

  static HashCounts bigrams(TokenHashes tokens) {
    HashCounts out = new HashCounts(Math.max(1, tokens.size() - 1));
    for (int i = 0; i + 1 < tokens.size(); i++) {
      out.increment(TokenHashes.bigram(tokens.get(i), tokens.get(i + 1)));
    }
    out.finishNorm();
    return out;
  }

  /** Cosine similarity of the two count vectors; 0 when either is empty. */
  double cosine(HashCounts other) {
    if (distinct == 0 || other.distinct == 0) {
      return 0.0;
    }
    HashCounts small = distinct <= other.distinct ? this : other;
    HashCounts large = small == this ? other : this;
    double dot = (double) small.zeroCount * large.zeroCount;
    for (int slot = 0; slot < small.keys.length; slot++) {
      if (small.counts[slot] != 0) {
        dot += (double) small.counts[slot] * large.count(small.keys[slot]);
      }
    }
    return dot / Math.sqrt(squaredNorm * other.squaredNorm);
  }

  private void increment(long key) {
    if (key == 0) {
      if (zeroCount++ == 0) {
        distinct++;
      }
      return;
    }
    int slot = slot(key);
    while (counts[slot] != 0 && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    if (counts[slot] == 0) {
      keys[slot] = key;
      distinct++;
    }
    counts[slot]++;
  }

  private int count(long key) {
    if (key == 0) {
      return zeroCount;
    }
    int slot = slot(key);
    while (counts[slot] != 0) {
      if (keys[slot] == key) {
        return counts[slot];
      }
      slot = (slot + 1) & mask;
    }
    return 0;
  }

  /**
   * Fibonacci hashing: the top bits of the key times 2<sup>64</sup>/φ, which depend on every bit of
   * the key. Token hashes are products whose low bits depend only on a token's first characters.
   */
  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  private void finishNorm() {
    double sum = (double) zeroCount * zeroCount;
    for (int c : counts) {
      sum += (double) c * c;
    }
    squaredNorm = sum;
  }
}
