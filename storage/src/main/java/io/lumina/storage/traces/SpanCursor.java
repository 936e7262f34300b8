package io.lumina.storage.traces;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The position after the last span of a trace-detail page: its start time and span id, the page's
 * sort key. Encoded as {@code <startTimeUnixNano>-<spanId>}.
 */
record SpanCursor(long startTimeUnixNano, String spanId) {
  private static final Pattern FORM = Pattern.compile("(-?[0-9]{1,19})-([0-9a-fA-F]{16})");

  String encode() {
    return startTimeUnixNano + "-" + spanId;
  }

  /**
   * @throws IllegalArgumentException when the text is not an encoded cursor
   */
  static SpanCursor decode(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a span page cursor: " + text);
    }
    try {
      return new SpanCursor(Long.parseLong(m.group(1)), m.group(2));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a span page cursor: " + text, e);
    }
  }
}
