package io.lumina.storage.spans;

import io.lumina.model.Ids;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.lumina.storage.rollups.TraceSummaries;
import io.lumina.wire.AttributeJson;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes spans as rows of PostgreSQL's COPY text format, straight from the protobuf, in the column
 * order of {@link #COLUMNS}. Text is escaped for COPY; NUL, which PostgreSQL text cannot hold,
 * becomes U+FFFD.
 */
final class SpanCopyEncoder {

  static final String COLUMNS =
      String.join(
          ", ",
          "project_id",
          "trace_id",
          "span_id",
          "parent_span_id",
          "name",
          "kind",
          "service_name",
          "scope_name",
          "start_time",
          "start_time_unix_nano",
          "end_time_unix_nano",
          "latency_ms",
          "status",
          "status_message",
          "is_llm",
          "usage_role",
          "model",
          "provider",
          "prompt_tokens",
          "completion_tokens",
          "total_tokens",
          "cache_read_tokens",
          "cache_write_tokens",
          "reasoning_tokens",
          "cost_usd",
          "pricing_source",
          "unpriced",
          "unpriced_reason",
          "catalog_version",
          "prompt",
          "response",
          "input_messages",
          "system_prompt",
          "temperature",
          "max_tokens",
          "user_id",
          "session_id",
          "attributes",
          "resource_attributes",
          "events",
          "links",
          "received_at",
          "prompt_hash",
          "response_hash",
          "similarity",
          "scorer",
          "scored_at");

  /** Longest value kept in an indexed text column (characters; at most 4 bytes each in UTF-8). */
  static final int MAX_INDEXED_CHARS = 512;

  /** The characters COPY's text format needs escaped, and what each becomes (NUL is replaced). */
  private static final char[] SPECIAL = {'\\', '\n', '\r', '\t', 0};

  private static final String[] ESCAPED = {"\\\\", "\\n", "\\r", "\\t", "\uFFFD"};

  /** Below this length one pass over the characters costs less than a search per character. */
  private static final int SHORT = 64;

  private static final List<String> COLUMN_LIST = List.of(COLUMNS.split(", "));

  /**
   * The columns trace summaries and rollups read ({@link TraceSummaries#SPAN_COLUMNS}), as indexes
   * into {@link #COLUMNS}: the narrow row the writer gives the summaries when the full rows went
   * straight into the span table.
   */
  private static final int[] NARROW =
      Arrays.stream(TraceSummaries.SPAN_COLUMNS.split(","))
          .map(String::strip)
          .mapToInt(
              c -> {
                int i = COLUMN_LIST.indexOf(c);
                if (i < 0) {
                  throw new IllegalStateException("summary column not written: " + c);
                }
                return i;
              })
          .toArray();

  /** Where each of {@link #SPECIAL} next occurs in the value being escaped (its length if not). */
  private final int[] next = new int[SPECIAL.length];

  private final StringBuilder row = new StringBuilder(1024);
  private final int[] starts = new int[COLUMN_LIST.size() + 1];
  private int field;
  private final StringBuilder json = new StringBuilder(1024);

  /** Appends one row (with its trailing newline) to {@code out}. */
  void encode(IncomingSpan in, StringBuilder out) {
    encode(in, out, null);
  }

  /**
   * Appends one row to {@code out} and, unless null, the same span's {@link
   * TraceSummaries#SPAN_COLUMNS} to {@code narrow}, both with their trailing newline.
   */
  void encode(IncomingSpan in, StringBuilder out, StringBuilder narrow) {
    field = 0;
    Span span = in.span();
    NormalizedSpan n = in.normalized();
    TokenUsage tokens = n.tokens();
    row.setLength(0);
    text(in.projectId());
    text(Ids.hex(span.getTraceId()));
    text(Ids.hex(span.getSpanId()));
    text(span.getParentSpanId().isEmpty() ? null : Ids.hex(span.getParentSpanId()));
    text(span.getName());
    raw(Integer.toString(span.getKindValue()));
    indexed(in.serviceName());
    text(in.scopeName());
    raw(Instant.ofEpochSecond(0, span.getStartTimeUnixNano()).toString());
    raw(Long.toString(span.getStartTimeUnixNano()));
    raw(Long.toString(span.getEndTimeUnixNano()));
    raw(Double.toString((span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1_000_000.0));
    SpanQuality quality = in.quality();
    text(
        quality != null && quality.degraded() && n.status() == SpanStatus.OK
            ? SpanStatus.DEGRADED.wireName()
            : n.status().wireName());
    text(span.getStatus().getMessage().isEmpty() ? null : span.getStatus().getMessage());
    raw(n.isLlmCall() ? "t" : "f");
    raw(n.usageRole().wireName());
    indexed(n.model());
    indexed(n.provider());
    number(tokens.input());
    number(tokens.output());
    number(tokens.totalOrSum());
    number(tokens.cacheRead());
    number(tokens.cacheWrite());
    number(tokens.reasoning());
    BigDecimal usd = in.cost().usd();
    raw(usd == null ? null : usd.toPlainString());
    text(in.cost().source().name());
    raw(in.cost().isUnpriced() ? "t" : "f");
    raw(in.cost().unpricedReason() == null ? null : in.cost().unpricedReason().wireName());
    text(in.cost().catalogVersion());
    text(n.prompt());
    text(n.response());
    text(n.inputMessages());
    text(n.systemPrompt());
    raw(n.temperature() == null ? null : n.temperature().toString());
    number(n.maxTokens());
    indexed(n.userId());
    indexed(n.sessionId());
    jsonObject(span.getAttributesList());
    jsonObject(in.resource().getAttributesList());
    events(span);
    links(span);
    raw(Instant.ofEpochMilli(in.receivedAtMillis()).toString());
    if (quality == null) {
      for (int i = 0; i < 5; i++) {
        raw(null);
      }
    } else {
      text(quality.promptHash());
      text(quality.responseHash());
      raw(quality.similarity() == null ? null : quality.similarity().toString());
      text(quality.scorer());
      raw(quality.scoredAt().toString());
    }
    starts[field] = row.length();
    if (narrow != null) {
      for (int idx : NARROW) {
        narrow.append(row, starts[idx], starts[idx + 1]);
      }
      narrow.setCharAt(narrow.length() - 1, '\n');
    }
    row.setCharAt(row.length() - 1, '\n');
    out.append(row);
  }

  private void jsonObject(List<KeyValue> attributes) {
    json.setLength(0);
    AttributeJson.appendObject(json, attributes, 0);
    jsonText();
  }

  private void events(Span span) {
    if (span.getEventsCount() == 0) {
      raw(null);
      return;
    }
    json.setLength(0);
    json.append('[');
    for (int i = 0; i < span.getEventsCount(); i++) {
      Span.Event e = span.getEvents(i);
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"name\":");
      AttributeJson.appendString(json, e.getName());
      json.append(",\"timeUnixNano\":").append(e.getTimeUnixNano()).append(",\"attributes\":");
      AttributeJson.appendObject(json, e.getAttributesList(), 0);
      json.append('}');
    }
    json.append(']');
    jsonText();
  }

  private void links(Span span) {
    if (span.getLinksCount() == 0) {
      raw(null);
      return;
    }
    json.setLength(0);
    json.append('[');
    for (int i = 0; i < span.getLinksCount(); i++) {
      Span.Link l = span.getLinks(i);
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"traceId\":\"")
          .append(Ids.hex(l.getTraceId()))
          .append("\",\"spanId\":\"")
          .append(Ids.hex(l.getSpanId()))
          .append("\",\"attributes\":");
      AttributeJson.appendObject(json, l.getAttributesList(), 0);
      json.append('}');
    }
    json.append(']');
    jsonText();
  }

  /**
   * A value of a btree-indexed column, cut to {@link #MAX_INDEXED_CHARS}: a btree entry cannot
   * exceed about 2.7 kB, and one absurdly long user id must not make its whole message fail.
   */
  private void indexed(String value) {
    text(
        value == null || value.length() <= MAX_INDEXED_CHARS
            ? value
            : value.substring(0, MAX_INDEXED_CHARS));
  }

  private void number(Long value) {
    raw(value == null ? null : value.toString());
  }

  private void raw(String value) {
    starts[field++] = row.length();
    row.append(value == null ? "\\N" : value).append('\t');
  }

  /**
   * Escapes for COPY text by finding the few characters that need it with {@link String#indexOf},
   * which the JVM vectorizes, and copying the runs between them in one append each: most values
   * (prompts, responses, JSON) have none or few, and a loop over every character was the largest
   * cost of the writer's thread in a profile (docs/performance.md).
   */
  private void text(String s) {
    starts[field++] = row.length();
    if (s == null) {
      row.append("\\N\t");
      return;
    }
    int n = s.length();
    if (n < SHORT) {
      shortText(s);
      return;
    }
    for (int k = 0; k < SPECIAL.length; k++) {
      next[k] = at(s, SPECIAL[k], 0);
    }
    int run = 0;
    while (true) {
      int k = 0;
      for (int m = 1; m < SPECIAL.length; m++) {
        if (next[m] < next[k]) {
          k = m;
        }
      }
      int i = next[k];
      if (i == n) {
        break;
      }
      row.append(s, run, i).append(ESCAPED[k]);
      run = i + 1;
      next[k] = at(s, SPECIAL[k], run);
    }
    row.append(s, run, n).append('\t');
  }

  /**
   * The JSON in {@link #json} as a field, escaped in place: {@link AttributeJson} writes every
   * control character as a JSON escape, so a backslash is the only character of its output that
   * COPY needs escaped, and the builder is never copied.
   */
  private void jsonText() {
    starts[field++] = row.length();
    int run = 0;
    for (int i = json.indexOf("\\"); i >= 0; i = json.indexOf("\\", run)) {
      row.append(json, run, i).append("\\\\");
      run = i + 1;
    }
    row.append(json, run, json.length()).append('\t');
  }

  private void shortText(String s) {
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > '\\' || (c > '\r' && c != '\\')) {
        continue; // the common case: nothing to escape
      }
      for (int k = 0; k < SPECIAL.length; k++) {
        if (c == SPECIAL[k]) {
          row.append(s, run, i).append(ESCAPED[k]);
          run = i + 1;
          break;
        }
      }
    }
    row.append(s, run, s.length()).append('\t');
  }

  private static int at(String s, char c, int from) {
    int i = s.indexOf(c, from);
    return i < 0 ? s.length() : i;
  }
}
