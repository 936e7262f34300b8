package io.lumina.outbound;

/**
 * What may be kept of a text another server sent (an error body, an exception message): no control
 * or format characters (no line breaks, escapes or bidi overrides that could forge log lines or
 * hide text), whitespace collapsed, at most {@link #MAX} characters.
 */
public final class Excerpt {

  public static final int MAX = 200;

  private Excerpt() {}

  public static String of(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX + 1));
    boolean space = false;
    for (int i = 0; i < text.length() && out.length() <= MAX; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      boolean blank =
          Character.isWhitespace(cp)
              || Character.isISOControl(cp)
              || type == Character.FORMAT
              || type == Character.SURROGATE
              || type == Character.PRIVATE_USE
              || type == Character.UNASSIGNED
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR;
      if (blank) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(cp);
    }
    if (out.length() > MAX) {
      int cut = MAX - 3;
      if (Character.isLowSurrogate(out.charAt(cut))) {
        cut--;
      }
      out.setLength(cut);
      out.append("...");
    }
    return out.toString();
  }
}
