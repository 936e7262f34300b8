package io.lumina.dashboard;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * OTLP requests with gen_ai attributes as an instrumented LLM application sends them: RAG pipelines
 * with retrieval and chat spans over several services and models, spread over the last day, plus
 * the hostile trace whose prompt and attributes carry HTML.
 */
final class SampleTraces {
  static final String HOSTILE_PROMPT = "Summarize <script>alert(1)</script> please";
  static final String HOSTILE_KEY = "<b>bold-key</b>";
  static final String HOSTILE_VALUE = "<img src=x onerror=alert(2)>";
  static final String HOSTILE_SERVICE = "support-bot";

  private static final String[] SERVICES = {"chat-api", "search-api", "billing-bot", "support-bot"};
  private static final String[][] MODELS = {
    {"openai", "gpt-4o-mini"},
    {"openai", "gpt-4o"},
    {"anthropic", "claude-sonnet-4-5"},
    {"anthropic", "claude-haiku-4-5"}
  };
  static final String[] QUESTIONS = {
    "How do I reset my password?", "What is the refund policy for annual plans?",
    "Summarize the last three invoices for account 4411.", "Translate 'good morning' to French.",
    "Which regions does the enterprise plan cover?", "Draft a polite reply declining the meeting."
  };
  static final String[] ANSWERS = {
    "Open Settings, choose Security and click Reset password. A link is emailed to you.",
    "Annual plans can be refunded within 30 days of purchase, pro rata after that.",
    "Invoice 1: $120.00, invoice 2: $98.50, invoice 3: $143.20. Total $361.70.",
    "Bonjour.",
    "The enterprise plan covers the EU, the US and APAC regions.",
    "Thank you for the invitation. Unfortunately I cannot attend; could we find another time?"
  };

  private final Random random;
  private final HexFormat hex = HexFormat.of();

  record Sent(String traceId, String service, String model, boolean error) {}

  /**
   * @param seed fixed, so screenshots look the same run to run; a different seed gives other trace
   *     ids
   */
  SampleTraces(long seed) {
    this.random = new Random(seed);
  }

  final List<Sent> sent = new ArrayList<>();
  String hostileTraceId;
  String unpricedTraceId;

  /** {@code count} ordinary traces between now and 20 hours ago, newest last. */
  ExportTraceServiceRequest ordinary(int count, Instant now) {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    for (int i = 0; i < count; i++) {
      String service = SERVICES[i % 3];
      String[] model = MODELS[(i * 7 + i / 3) % MODELS.length];
      Instant start = now.minus(Duration.ofMinutes(20L * 60 * (count - i) / count + 1));
      boolean error = i % 9 == 4;
      int q = i % QUESTIONS.length;
      request.addResourceSpans(
          pipeline(
              service,
              model[0],
              model[1],
              start,
              QUESTIONS[q],
              ANSWERS[q],
              "user-" + (i % 5 + 1),
              "session-" + (i / 3),
              error,
              List.of()));
    }
    return request.build();
  }

  /** One trace whose prompt, attribute key and value are HTML, and one whose model has no price. */
  ExportTraceServiceRequest special(Instant now) {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    request.addResourceSpans(
        pipeline(
            HOSTILE_SERVICE,
            "openai",
            "gpt-4o-mini",
            now.minusSeconds(30),
            HOSTILE_PROMPT,
            "I will not run <script> tags.",
            "user-<x>",
            "session-xss",
            false,
            List.of(str(HOSTILE_KEY, HOSTILE_VALUE))));
    hostileTraceId = sent.getLast().traceId();
    request.addResourceSpans(
        pipeline(
            "search-api",
            "acme",
            "mystery-model-x",
            now.minusSeconds(20),
            "Rank these documents",
            "Doc 3, Doc 1, Doc 2",
            "user-9",
            "session-u",
            false,
            List.of()));
    unpricedTraceId = sent.getLast().traceId();
    return request.build();
  }

  private ResourceSpans pipeline(
      String service,
      String provider,
      String model,
      Instant start,
      String prompt,
      String answer,
      String user,
      String session,
      boolean error,
      List<KeyValue> extra) {
    byte[] traceId = bytes(16);
    byte[] rootId = bytes(8);
    long t0 = nanos(start);
    long retrieval = (20 + random.nextInt(80)) * 1_000_000L;
    long llm = (300 + random.nextInt(2400)) * 1_000_000L;
    long input = 200 + random.nextInt(1800);
    long output = 40 + random.nextInt(400);
    Span root =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(ByteString.copyFrom(rootId))
            .setName("rag_pipeline")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(t0)
            .setEndTimeUnixNano(t0 + retrieval + llm + 15_000_000L)
            .addAttributes(str("http.route", "/v1/answer"))
            .setStatus(
                error
                    ? Status.newBuilder()
                        .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                        .setMessage("upstream model returned 529 overloaded")
                        .build()
                    : Status.getDefaultInstance())
            .build();
    Span search =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(ByteString.copyFrom(bytes(8)))
            .setParentSpanId(ByteString.copyFrom(rootId))
            .setName("vector_search")
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(t0 + 2_000_000L)
            .setEndTimeUnixNano(t0 + 2_000_000L + retrieval)
            .addAttributes(str("db.system", "pgvector"))
            .addAttributes(integer("db.rows", 5))
            .build();
    Span.Builder chat =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(ByteString.copyFrom(bytes(8)))
            .setParentSpanId(ByteString.copyFrom(rootId))
            .setName("chat " + model)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(t0 + 5_000_000L + retrieval)
            .setEndTimeUnixNano(t0 + 5_000_000L + retrieval + llm)
            .addAttributes(str("gen_ai.system", provider))
            .addAttributes(str("gen_ai.operation.name", "chat"))
            .addAttributes(str("gen_ai.request.model", model))
            .addAttributes(integer("gen_ai.usage.input_tokens", input))
            .addAttributes(integer("gen_ai.usage.output_tokens", output))
            .addAttributes(str("gen_ai.prompt", prompt))
            .addAttributes(str("gen_ai.completion", answer))
            .addAttributes(str("user.id", user))
            .addAttributes(str("session.id", session))
            .addAllAttributes(extra);
    if (error) {
      chat.setStatus(
          Status.newBuilder()
              .setCode(Status.StatusCode.STATUS_CODE_ERROR)
              .setMessage("529 overloaded")
              .build());
    }
    sent.add(new Sent(hex.formatHex(traceId), service, model, error));
    return ResourceSpans.newBuilder()
        .setResource(
            Resource.newBuilder()
                .addAttributes(str("service.name", service))
                .addAttributes(str("deployment.environment", "production")))
        .addScopeSpans(
            ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("sample-app").setVersion("1.0"))
                .addSpans(root)
                .addSpans(search)
                .addSpans(chat.build()))
        .build();
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    do {
      random.nextBytes(b);
    } while (b[0] == 0);
    return b;
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static KeyValue str(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static KeyValue integer(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }
}
