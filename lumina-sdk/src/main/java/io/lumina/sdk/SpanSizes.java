package io.lumina.sdk;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * An estimate of what a finished span holds in memory, for the sampling buffer's byte bound: object
 * overhead plus one byte per character of names, keys and string values (Latin-1 strings; other
 * text takes two, which the overhead absorbs for typical spans) and eight per number.
 */
final class SpanSizes {

  static final int SPAN_OVERHEAD = 320;
  private static final int EVENT_OVERHEAD = 96;
  private static final int ATTRIBUTE_OVERHEAD = 48;
  private static final int LINK_OVERHEAD = 96;

  private SpanSizes() {}

  static long estimate(SpanData span) {
    long bytes = SPAN_OVERHEAD + span.getName().length() + attributes(span.getAttributes());
    for (EventData event : span.getEvents()) {
      bytes += EVENT_OVERHEAD + event.getName().length() + attributes(event.getAttributes());
    }
    bytes += (long) span.getLinks().size() * LINK_OVERHEAD;
    return bytes;
  }

  private static long attributes(Attributes attributes) {
    long[] bytes = {0};
    attributes.forEach(
        (key, value) -> bytes[0] += ATTRIBUTE_OVERHEAD + key.getKey().length() + value(value));
    return bytes[0];
  }

  private static long value(Object value) {
    if (value instanceof String) {
      return ((String) value).length();
    }
    if (value instanceof List<?>) {
      long sum = 16;
      for (Object item : (List<?>) value) {
        sum += value(item) + 8;
      }
      return sum;
    }
    return 8;
  }
}
