package io.lumina.storage.spans;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.TokenUsage;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Makes one span fit the span table's columns, or says why it cannot be stored, so that a bad value
 * costs only its own span and never the request it came in (docs/worker.md "Bad values"). Each
 * check is cheap for the common case (a scan of the text that finds nothing); a value is copied
 * only when it must change.
 *
 * <p>Stateless and thread-safe. The limits are those of the schema: {@code kind} is a smallint that
 * readers turn into an OTLP span kind, {@code cost_usd} is numeric(20,10) on spans and on the trace
 * summaries that add up a trace's spans, token counts are bigints added up per trace and per hour.
 */
public final class SpanCleaner {

  /** Largest token count kept: far above any real call, small enough that sums never overflow. */
  public static final long MAX_TOKENS = 1_000_000_000_000L;

  /**
   * Costs at or above this (USD, one span) are not kept: numeric(20,10) holds less than 1e10, and a
   * trace summary adds its spans' costs in the same type, so a span leaves room for others.
   */
  public static final BigDecimal MAX_COST_USD = BigDecimal.valueOf(1_000_000_000L);

  /** How far in the future a span may start (client clocks drift; partitions are made per day). */
  public static final long MAX_FUTURE_NANOS = 86_400_000_000_000L;

  /** Longest value kept in an indexed text column (characters; at most 4 bytes each in UTF-8). */
  public static final int MAX_INDEXED_CHARS = 512;

  private static final char REPLACEMENT = '\uFFFD';
  private static final int HIGHEST_SPAN_KIND = Span.SpanKind.SPAN_KIND_CONSUMER_VALUE;

  /** What was changed in a span to store it; each reason counted once per span. */
  public enum Cleaned {
    /** A NUL character in some text or JSON value became U+FFFD. */
    NUL,
    /** Half of a UTF-16 surrogate pair without its other half became U+FFFD. */
    LONE_SURROGATE,
    /** A span kind that is not an OTLP kind became 0 (unspecified). */
    KIND_OUT_OF_RANGE,
    /** An end before the start became the start (latency 0). */
    END_BEFORE_START,
    /** A token count above {@link #MAX_TOKENS} became "not reported". */
    TOKENS_OUT_OF_RANGE,
    /**
     * A cost the span declared, or its own per-token prices, gave {@link #MAX_COST_USD} or more:
     * they were dropped and the span priced like any other.
     */
    COST_OUT_OF_RANGE,
    /** A model, provider, service, user or session longer than {@link #MAX_INDEXED_CHARS}. */
    VALUE_TRUNCATED;

    /** The metric tag value ({@code nul}, {@code kind_out_of_range}...). */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why a span was not stored at all. */
  public enum Rejected {
    /** The start time is zero, negative or more than {@link #MAX_FUTURE_NANOS} ahead. */
    START_TIME_OUT_OF_RANGE,
    /** The span's attributes could not be understood (normalizing it failed). */
    UNREADABLE,
    /** Even priced without what it declared itself, its cost stays out of range. */
    COST_OUT_OF_RANGE;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Reasons for rejecting a span before it is normalized, or null when it may go on. */
  public Rejected check(Span span, long nowUnixNano) {
    long start = span.getStartTimeUnixNano();
    if (start <= 0 || start - nowUnixNano > MAX_FUTURE_NANOS) {
      return Rejected.START_TIME_OUT_OF_RANGE;
    }
    return null;
  }

  /**
   * The normalized view cleaned for storage (before pricing, so that pricing sees only values that
   * are kept); reasons are added to {@code cleaned}.
   */
  public NormalizedSpan clean(NormalizedSpan n, EnumSet<Cleaned> cleaned) {
    TokenUsage t = n.tokens();
    TokenUsage tokens =
        t.isEmpty()
            ? t
            : new TokenUsage(
                tokens(t.input(), cleaned),
                tokens(t.output(), cleaned),
                tokens(t.total(), cleaned),
                tokens(t.cacheRead(), cleaned),
                tokens(t.cacheWrite(), cleaned),
                tokens(t.reasoning(), cleaned));
    Double declared = n.declaredCostUsd();
    if (declared != null && declared >= MAX_COST_USD.doubleValue()) {
      declared = null;
      cleaned.add(Cleaned.COST_OUT_OF_RANGE);
    }
    String model = indexed(text(n.model(), cleaned), cleaned);
    String provider = indexed(text(n.provider(), cleaned), cleaned);
    String prompt = text(n.prompt(), cleaned);
    String response = text(n.response(), cleaned);
    String inputMessages = json(n.inputMessages(), cleaned);
    String systemPrompt = text(n.systemPrompt(), cleaned);
    String userId = indexed(text(n.userId(), cleaned), cleaned);
    String sessionId = indexed(text(n.sessionId(), cleaned), cleaned);
    Long maxTokens = tokens(n.maxTokens(), cleaned);
    if (tokens.equals(t)
        && declared == n.declaredCostUsd()
        && model == n.model()
        && provider == n.provider()
        && prompt == n.prompt()
        && response == n.response()
        && inputMessages == n.inputMessages()
        && systemPrompt == n.systemPrompt()
        && userId == n.userId()
        && sessionId == n.sessionId()
        && maxTokens == n.maxTokens()) {
      return n;
    }
    return new NormalizedSpan(
        model,
        provider,
        tokens,
        prompt,
        response,
        inputMessages,
        systemPrompt,
        userId,
        sessionId,
        n.status(),
        declared,
        n.promptTokenPrice(),
        n.completionTokenPrice(),
        n.temperature(),
        maxTokens,
        n.usageRole());
  }

  /** The view without the prices the span declared for itself, to price it again. */
  public NormalizedSpan withoutDeclaredPrices(NormalizedSpan n) {
    return new NormalizedSpan(
        n.model(),
        n.provider(),
        n.tokens(),
        n.prompt(),
        n.response(),
        n.inputMessages(),
        n.systemPrompt(),
        n.userId(),
        n.sessionId(),
        n.status(),
        null,
        null,
        null,
        n.temperature(),
        n.maxTokens(),
        n.usageRole());
  }

  /** True when the cost fits a span's cost column with room for a trace's other spans. */
  public boolean fits(Cost cost) {
    return cost.usd() == null || cost.usd().compareTo(MAX_COST_USD) < 0;
  }

  /**
   * The OTLP span and its service name cleaned for storage: kind, times, and the text the COPY
   * writes from the protobuf (name, status message, attributes, events, links). Attribute and event
   * text with NUL is only counted here: the JSON writer turns NUL into U+FFFD.
   */
  public Span clean(Span span, EnumSet<Cleaned> cleaned) {
    Span.Builder b = null;
    int kind = span.getKindValue();
    if (kind < 0 || kind > HIGHEST_SPAN_KIND) {
      b = span.toBuilder().setKind(Span.SpanKind.SPAN_KIND_UNSPECIFIED);
      cleaned.add(Cleaned.KIND_OUT_OF_RANGE);
    }
    if (span.getEndTimeUnixNano() < span.getStartTimeUnixNano()) {
      b = (b == null ? span.toBuilder() : b).setEndTimeUnixNano(span.getStartTimeUnixNano());
      cleaned.add(Cleaned.END_BEFORE_START);
    }
    if (hasNul(span.getName())
        || hasNul(span.getStatus().getMessage())
        || hasNul(span.getAttributesList())) {
      cleaned.add(Cleaned.NUL);
    } else {
      for (Span.Event e : span.getEventsList()) {
        if (hasNul(e.getName()) || hasNul(e.getAttributesList())) {
          cleaned.add(Cleaned.NUL);
          break;
        }
      }
    }
    return b == null ? span : b.build();
  }

  /** A service name: text cleaned and cut like the other indexed columns. */
  public String cleanName(String name, EnumSet<Cleaned> cleaned) {
    return indexed(text(name, cleaned), cleaned);
  }

  /** Counts NUL in resource attributes (the JSON writer replaces it). */
  public void checkResource(List<KeyValue> resourceAttributes, EnumSet<Cleaned> cleaned) {
    if (hasNul(resourceAttributes)) {
      cleaned.add(Cleaned.NUL);
    }
  }

  /** Any other text: NUL and lone surrogates replaced by U+FFFD. */
  public String cleanText(String text, EnumSet<Cleaned> cleaned) {
    return text(text, cleaned);
  }

  private static Long tokens(Long count, EnumSet<Cleaned> cleaned) {
    if (count != null && count > MAX_TOKENS) {
      cleaned.add(Cleaned.TOKENS_OUT_OF_RANGE);
      return null;
    }
    return count;
  }

  private static String indexed(String value, EnumSet<Cleaned> cleaned) {
    if (value == null || value.length() <= MAX_INDEXED_CHARS) {
      return value;
    }
    cleaned.add(Cleaned.VALUE_TRUNCATED);
    int end = MAX_INDEXED_CHARS;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never cut a pair in two
    }
    return value.substring(0, end);
  }

  /** Text with NUL and lone surrogates replaced by U+FFFD; the same instance when it had none. */
  static String text(String s, EnumSet<Cleaned> cleaned) {
    if (s == null) {
      return null;
    }
    int bad = firstBad(s);
    if (bad < 0) {
      return s;
    }
    char[] chars = s.toCharArray();
    for (int i = bad; i < chars.length; i++) {
      char c = chars[i];
      if (c == 0) {
        chars[i] = REPLACEMENT;
        cleaned.add(Cleaned.NUL);
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
          i++;
        } else {
          chars[i] = REPLACEMENT;
          cleaned.add(Cleaned.LONE_SURROGATE);
        }
      } else if (Character.isLowSurrogate(c)) {
        chars[i] = REPLACEMENT;
        cleaned.add(Cleaned.LONE_SURROGATE);
      }
    }
    return new String(chars);
  }

  /** Index of the first NUL or lone surrogate, or -1. */
  private static int firstBad(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return i;
      }
      if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * JSON text for a jsonb column: besides raw NUL and lone surrogates, the escapes jsonb refuses
   * (backslash-u 0000, and a surrogate escape D800 to DFFF without its pair) become the escape of
   * U+FFFD.
   */
  static String json(String s, EnumSet<Cleaned> cleaned) {
    String t = text(s, cleaned);
    if (t == null || t.indexOf("\\u") < 0) {
      return t;
    }
    StringBuilder out = null;
    int copied = 0;
    int n = t.length();
    for (int i = 0; i < n; i++) {
      if (t.charAt(i) != '\\' || i + 1 >= n) {
        continue;
      }
      if (t.charAt(i + 1) != 'u' || i + 6 > n) {
        i++; // an escape of one character, such as \\ or \"
        continue;
      }
      int code = hex4(t, i + 2);
      boolean bad;
      int length = 6;
      if (code == 0) {
        bad = true;
        cleaned.add(Cleaned.NUL);
      } else if (code >= 0xD800 && code <= 0xDBFF) {
        int low =
            i + 12 <= n && t.charAt(i + 6) == '\\' && t.charAt(i + 7) == 'u' ? hex4(t, i + 8) : -1;
        bad = !(low >= 0xDC00 && low <= 0xDFFF);
        if (!bad) {
          length = 12;
        } else {
          cleaned.add(Cleaned.LONE_SURROGATE);
        }
      } else if (code >= 0xDC00 && code <= 0xDFFF) {
        bad = true;
        cleaned.add(Cleaned.LONE_SURROGATE);
      } else {
        bad = false;
      }
      if (bad) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(t, copied, i).append("\\ufffd");
        copied = i + 6;
      }
      i += length - 1;
    }
    if (out == null) {
      return t;
    }
    return out.append(t, copied, n).toString();
  }

  private static int hex4(String s, int from) {
    int v = 0;
    for (int i = from; i < from + 4; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  private static boolean hasNul(String s) {
    return s.indexOf(0) >= 0;
  }

  private static boolean hasNul(List<KeyValue> attributes) {
    for (int i = 0; i < attributes.size(); i++) {
      KeyValue kv = attributes.get(i);
      if (hasNul(kv.getKey()) || hasNul(kv.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasNul(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> hasNul(v.getStringValue());
      case ARRAY_VALUE -> {
        for (AnyValue e : v.getArrayValue().getValuesList()) {
          if (hasNul(e)) {
            yield true;
          }
        }
        yield false;
      }
      case KVLIST_VALUE -> hasNul(v.getKvlistValue().getValuesList());
      default -> false;
    };
  }
}
