package io.lumina.testing;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.List;

/**
 * A corpus of spans each carrying one kind of value the span table cannot hold as sent: NUL in text
 * and in JSON, lone surrogates, span kinds outside the OTLP enum and outside smallint, costs and
 * token counts out of range, impossible times, huge values. Each entry says what the worker must do
 * with it: store it (cleaned, with the reason it counts) or reject it alone (with its reason). The
 * reasons are the metric tags of docs/worker.md "Bad values".
 */
public final class BadSpans {

  private BadSpans() {}

  /**
   * One bad span. {@code cleaned} is the reason tag counted when it is stored after cleaning (null
   * when it is stored unchanged or cleaned silently), {@code rejected} the reason tag when it is
   * not stored at all.
   */
  public record Entry(String name, Span span, String cleaned, String rejected) {
    public boolean stored() {
      return rejected == null;
    }
  }

  /** The corpus, with fresh trace and span ids, starting around {@code now}. */
  public static List<Entry> corpus(Instant now) {
    long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return List.of(
        stored(
            "nul in prompt",
            plain(now)
                .addAttributes(str("gen_ai.request.model", "gpt-4o-mini"))
                .addAttributes(str("gen_ai.prompt", "Hi\u0000there")),
            "nul"),
        stored("nul in span name", plain(now).setName("step\u0000one"), "nul"),
        stored(
            "nul in attribute value",
            plain(now).addAttributes(str("custom.note", "a\u0000b")),
            "nul"),
        stored(
            "nul in attribute key",
            plain(now).addAttributes(str("custom\u0000key", "value")),
            "nul"),
        stored(
            "nul in event attribute",
            plain(now)
                .addEvents(
                    Span.Event.newBuilder()
                        .setName("log")
                        .setTimeUnixNano(nowNanos)
                        .addAttributes(str("message", "x\u0000y"))),
            "nul"),
        stored(
            "nul escaped inside JSON messages",
            llm(now)
                .addAttributes(
                    str(
                        "gen_ai.input.messages",
                        "[{\"role\":\"user\",\"content\":\"a\\u0000b\"}]")),
            "nul"),
        stored(
            "lone high surrogate escaped inside JSON messages",
            llm(now)
                .addAttributes(
                    str(
                        "gen_ai.input.messages",
                        "[{\"role\":\"user\",\"content\":\"x\\ud800y\"}]")),
            "lone_surrogate"),
        stored(
            "lone low surrogate escaped inside JSON messages",
            llm(now)
                .addAttributes(
                    str(
                        "gen_ai.input.messages",
                        "[{\"role\":\"user\",\"content\":\"x\\udc00y\"}]")),
            "lone_surrogate"),
        stored("kind above smallint", plain(now).setKindValue(40_000), "kind_out_of_range"),
        stored("kind not an OTLP kind", plain(now).setKindValue(9), "kind_out_of_range"),
        stored("negative kind", plain(now).setKindValue(-3), "kind_out_of_range"),
        stored(
            "declared cost beyond numeric(20,10)",
            llm(now).addAttributes(dbl("cost_usd", 1e10)),
            "cost_out_of_range"),
        stored(
            "declared cost far beyond numeric(20,10)",
            llm(now).addAttributes(dbl("cost_usd", 1e300)),
            "cost_out_of_range"),
        stored(
            "per-token price giving a cost beyond range",
            llm(now)
                .addAttributes(dbl("cost_per_prompt_token", 1e9))
                .addAttributes(dbl("cost_per_completion_token", 1e9)),
            "cost_out_of_range"),
        stored(
            "input tokens at the bigint maximum",
            OtlpSpans.span(
                    OtlpSpans.randomTraceId(), OtlpSpans.randomSpanId(), null, "chat", now, 5)
                .addAttributes(OtlpSpans.str("gen_ai.request.model", "gpt-4o-mini"))
                .addAttributes(OtlpSpans.num("gen_ai.usage.input_tokens", Long.MAX_VALUE))
                .addAttributes(OtlpSpans.num("gen_ai.usage.output_tokens", 3)),
            "tokens_out_of_range"),
        stored(
            "cache tokens that overflow when added to the input",
            llm(now)
                .addAttributes(
                    OtlpSpans.num("gen_ai.usage.cache_read_input_tokens", Long.MAX_VALUE))
                .addAttributes(
                    OtlpSpans.num("gen_ai.usage.cache_creation_input_tokens", Long.MAX_VALUE)),
            "tokens_out_of_range"),
        stored(
            "negative token count (read as not reported)",
            OtlpSpans.span(
                    OtlpSpans.randomTraceId(), OtlpSpans.randomSpanId(), null, "chat", now, 5)
                .addAttributes(OtlpSpans.str("gen_ai.request.model", "gpt-4o-mini"))
                .addAttributes(OtlpSpans.num("gen_ai.usage.input_tokens", -5)),
            null),
        stored(
            "token count beyond bigint as text (read as not reported)",
            OtlpSpans.span(
                    OtlpSpans.randomTraceId(), OtlpSpans.randomSpanId(), null, "chat", now, 5)
                .addAttributes(OtlpSpans.str("gen_ai.request.model", "gpt-4o-mini"))
                .addAttributes(str("gen_ai.usage.input_tokens", "99999999999999999999999")),
            null),
        stored(
            "max tokens beyond range",
            llm(now).addAttributes(OtlpSpans.num("gen_ai.request.max_tokens", Long.MAX_VALUE)),
            "tokens_out_of_range"),
        stored(
            "end before start",
            plain(now).setEndTimeUnixNano(nowNanos - 5_000_000_000L),
            "end_before_start"),
        stored(
            "user id longer than an index entry",
            plain(now).addAttributes(str("user.id", "u".repeat(10_000))),
            "value_truncated"),
        stored(
            "huge attribute value",
            plain(now).addAttributes(str("custom.blob", "z".repeat(300_000))),
            null),
        stored(
            "NaN temperature",
            llm(now).addAttributes(dbl("gen_ai.request.temperature", Double.NaN)),
            null),
        rejected("start time zero", plain(now).setStartTimeUnixNano(0), "start_time_out_of_range"),
        rejected(
            "start time negative",
            plain(now).setStartTimeUnixNano(-1_000).setEndTimeUnixNano(10),
            "start_time_out_of_range"),
        rejected(
            "start time a century ahead",
            plain(now)
                .setStartTimeUnixNano(nowNanos + 100L * 365 * 86_400_000_000_000L)
                .setEndTimeUnixNano(nowNanos + 100L * 365 * 86_400_000_000_000L + 1),
            "start_time_out_of_range"));
  }

  private static Entry stored(String name, Span.Builder span, String cleaned) {
    return new Entry(name, span.build(), cleaned, null);
  }

  private static Entry rejected(String name, Span.Builder span, String reason) {
    return new Entry(name, span.build(), null, reason);
  }

  private static Span.Builder plain(Instant now) {
    return OtlpSpans.span(
        OtlpSpans.randomTraceId(), OtlpSpans.randomSpanId(), null, "step", now, 5);
  }

  private static Span.Builder llm(Instant now) {
    return OtlpSpans.llmSpan(
        OtlpSpans.randomTraceId(), OtlpSpans.randomSpanId(), null, now, "gpt-4o-mini", 100, 10);
  }

  private static KeyValue str(String key, String value) {
    return OtlpSpans.str(key, value);
  }

  private static KeyValue dbl(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }
}
