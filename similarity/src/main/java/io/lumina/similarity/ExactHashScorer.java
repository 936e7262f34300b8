package io.lumina.similarity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * Exact match on the normalized response: 1.0 when the two normalized texts are equal, else 0.0.
 *
 * <p>Normalization, chosen so that only differences a reader would not call a change are ignored:
 * Unicode NFKC (full-width and compatibility forms fold to their plain form), every run of
 * whitespace (spaces, tabs, newlines, non-breaking spaces) becomes one space, and leading and
 * trailing whitespace goes. Case is kept: in code, identifiers, SQL or JSON a changed letter case
 * is a changed answer, and near misses are what {@link TextSimilarityScorer} is for. A null text is
 * the empty text.
 *
 * <p>{@link #hash(String)} is the SHA-256 of the normalized text in lower-case hex, the
 * "normalized-response hash" stored next to responses so exact matches are one index lookup.
 */
public final class ExactHashScorer implements SimilarityScorer {

  public static final String NAME = "exact";

  @Override
  public double score(String expected, String actual) {
    return normalize(expected).equals(normalize(actual)) ? 1.0 : 0.0;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The text as compared: NFKC, whitespace runs collapsed to one space, trimmed; null is empty.
   * Whitespace is what {@code [\s\p{Z}]} matched (space, tab, line feed, vertical tab, form feed,
   * carriage return, and the space, line and paragraph separators), found by a hand loop; ASCII
   * text skips NFKC, which cannot change it.
   */
  public static String normalize(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String ascii = collapse(text, true);
    return ascii != null
        ? ascii
        : collapse(Normalizer.normalize(text, Normalizer.Form.NFKC), false);
  }

  /**
   * Whitespace runs to one space, then trimmed, in one pass; with {@code asciiOnly}, null as soon
   * as a non-ASCII character shows the text needs NFKC first (so ASCII text is read once, not
   * scanned for ASCII and then again for whitespace).
   */
  private static String collapse(String s, boolean asciiOnly) {
    int n = s.length();
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c >= 0x80 && asciiOnly) {
        return null;
      }
      if (!isSpace(c)) {
        i++;
        continue;
      }
      int end = i + 1;
      while (end < n && (!asciiOnly || s.charAt(end) < 0x80) && isSpace(s.charAt(end))) {
        end++;
      }
      if (end - i > 1 || c != ' ') {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(s, copied, i).append(' ');
        copied = end;
      }
      i = end;
    }
    String collapsed = out == null ? s : out.append(s, copied, n).toString();
    return collapsed.strip();
  }

  private static boolean isSpace(char c) {
    if (c < 0x80) {
      return c == ' ' || (c >= '\t' && c <= '\r');
    }
    int type = Character.getType(c);
    return type == Character.SPACE_SEPARATOR
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** SHA-256 of the normalized text, 64 lower-case hex characters. */
  public static String hash(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(normalize(text).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
