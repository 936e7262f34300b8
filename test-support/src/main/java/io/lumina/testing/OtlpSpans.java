package io.lumina.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** OTLP spans at chosen times with hex ids, plain or as OTel GenAI chat calls, for tests. */
public final class OtlpSpans {
  private static final HexFormat HEX = HexFormat.of();

  private OtlpSpans() {}

  public static String randomTraceId() {
    return randomHex(16);
  }

  public static String randomSpanId() {
    return randomHex(8);
  }

  /** A plain span; {@code parent} null for a root. */
  public static Span.Builder span(
      String traceId,
      String spanId,
      String parent,
      String name,
      Instant start,
      long durationMillis) {
    long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(ByteString.fromHex(traceId))
            .setSpanId(ByteString.fromHex(spanId))
            .setName(name)
            .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
            .setStartTimeUnixNano(startNanos)
            .setEndTimeUnixNano(startNanos + durationMillis * 1_000_000L);
    if (parent != null) {
      b.setParentSpanId(ByteString.fromHex(parent));
    }
    return b;
  }

  /**
   * An OTel GenAI chat span with tokens (priced by the bundled catalog when the model is known).
   */
  public static Span.Builder llmSpan(
      String traceId,
      String spanId,
      String parent,
      Instant start,
      String model,
      long inputTokens,
      long outputTokens) {
    return span(traceId, spanId, parent, "chat " + model, start, 120)
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .addAttributes(str("gen_ai.system", "openai"))
        .addAttributes(str("gen_ai.request.model", model))
        .addAttributes(num("gen_ai.usage.input_tokens", inputTokens))
        .addAttributes(num("gen_ai.usage.output_tokens", outputTokens))
        .addAttributes(str("gen_ai.prompt", "What is the capital of France?"))
        .addAttributes(str("gen_ai.completion", "Paris."))
        .addAttributes(str("user.id", "user-1"));
  }

  public static Span.Builder error(Span.Builder span) {
    return span.setStatus(
        Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
  }

  public static KeyValue str(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  public static KeyValue num(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1;
    return HEX.formatHex(b);
  }
}
