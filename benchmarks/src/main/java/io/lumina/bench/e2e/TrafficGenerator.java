package io.lumina.bench.e2e;

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic OTLP traffic: traces of an LLM application (an HTTP entry span, a vector retrieval, an
 * LLM call, a tool call, a second LLM call), the LLM spans in rotating conventions (OTel GenAI,
 * OpenInference, Vercel AI SDK, OpenLLMetry) with prompts, responses and token counts of realistic
 * size, about 2% of traces failing, resources with the semantic conventions' names (4% of requests
 * outside production). Every request has fresh random ids, so no two requests deduplicate into each
 * other.
 *
 * <p>Not thread-safe: one generator per sending thread.
 */
public final class TrafficGenerator {
  static final int SPANS_PER_TRACE = 5;
  private static final HexFormat HEX = HexFormat.of();
  private static final String[][] MODELS = {
    {"openai", "gpt-4o-mini"},
    {"openai", "gpt-4o-2024-08-06"},
    {"anthropic", "claude-sonnet-4-5"},
    {"anthropic", "claude-3-5-haiku-20241022"},
    {"gcp.gemini", "gemini-2.5-flash"},
    {"openai", "ft:gpt-4o-mini:acme:support:abc123"}
  };
  static final String[] SERVICES = {"chat-api", "rag-pipeline", "support-bot", "summarizer"};
  private static final String[] WORDS =
      ("the customer asked about refund policy for annual plans and whether"
              + " invoices can be split across cost centers please summarize the attached contract clauses and list"
              + " obligations deadlines penalties renewal terms data retention security incident notification"
              + " according to section retrieval context document chunk answer concisely cite sources")
          .split(" ");

  public static int servicesCount() {
    return SERVICES.length;
  }

  /** The {@code i}-th service name, without the prefix. */
  public static String service(int i) {
    return SERVICES[i];
  }

  private final SplittableRandom random;
  private final String servicePrefix;

  /**
   * @param servicePrefix prepended to {@code service.name}, so one run's phases (or drills) can be
   *     counted apart in the database
   */
  public TrafficGenerator(long seed, String servicePrefix) {
    this.random = new SplittableRandom(seed);
    this.servicePrefix = servicePrefix;
  }

  /**
   * One generated request: its protobuf form and the (trace id, span id) pairs it carries, as hex.
   */
  public record Batch(
      ExportTraceServiceRequest request, List<String> traceIds, List<String> spanKeys) {
    public int spans() {
      return spanKeys.size();
    }
  }

  /**
   * A request of {@code spans} spans: whole traces of {@value #SPANS_PER_TRACE} spans, the last one
   * cut short.
   */
  public Batch next(int spans) {
    String service = servicePrefix + SERVICES[random.nextInt(SERVICES.length)];
    List<Span> out = new ArrayList<>(spans);
    List<String> traceIds = new ArrayList<>();
    List<String> keys = new ArrayList<>(spans);
    long now = System.currentTimeMillis() * 1_000_000L;
    while (out.size() < spans) {
      byte[] traceId = id(16);
      traceIds.add(HEX.formatHex(traceId));
      List<Span> trace =
          trace(ByteString.copyFrom(traceId), now, Math.min(SPANS_PER_TRACE, spans - out.size()));
      for (Span s : trace) {
        keys.add(HEX.formatHex(traceId) + ":" + HEX.formatHex(s.getSpanId().toByteArray()));
      }
      out.addAll(trace);
    }
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(str("service.name", service))
                            .addAttributes(str("service.version", "1." + random.nextInt(5) + ".0"))
                            .addAttributes(str("deployment.environment.name", environment()))
                            .addAttributes(
                                str(
                                    "telemetry.sdk.language",
                                    random.nextBoolean() ? "python" : "nodejs")))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("io.lumina.bench")
                                    .setVersion("1.0"))
                            .addAllSpans(out)))
            .build();
    return new Batch(request, traceIds, keys);
  }

  /**
   * The request's deployment environment, shared as the dataset generator shares it (DatasetSql):
   * 2% staging, 2% development, the rest production.
   */
  private String environment() {
    return switch (random.nextInt(50)) {
      case 0 -> "staging";
      case 1 -> "development";
      default -> "production";
    };
  }

  private List<Span> trace(ByteString traceId, long now, int count) {
    List<Span> spans = new ArrayList<>(count);
    boolean failed = random.nextInt(50) == 0;
    long rootStart = now - 3_000_000_000L - random.nextLong(1_000_000_000L);
    long rootEnd = rootStart + 2_500_000_000L + random.nextLong(400_000_000L);
    ByteString root = ByteString.copyFrom(id(8));
    String user = "user-" + random.nextInt(500);
    String session = "sess-" + random.nextInt(5000);
    spans.add(
        base(
                traceId,
                root,
                null,
                "POST /v1/chat",
                Span.SpanKind.SPAN_KIND_SERVER,
                rootStart,
                rootEnd)
            .addAttributes(str("http.request.method", "POST"))
            .addAttributes(str("url.path", "/v1/chat"))
            .addAttributes(integer("http.response.status_code", failed ? 500 : 200))
            .addAttributes(str("user.id", user))
            .setStatus(
                failed
                    ? Status.newBuilder()
                        .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                        .setMessage("upstream model error")
                        .build()
                    : Status.getDefaultInstance())
            .build());
    long t = rootStart + 5_000_000L;
    if (spans.size() < count) {
      spans.add(
          base(
                  traceId,
                  ByteString.copyFrom(id(8)),
                  root,
                  "vector.search",
                  Span.SpanKind.SPAN_KIND_CLIENT,
                  t,
                  t + 40_000_000L)
              .addAttributes(str("db.system", "pgvector"))
              .addAttributes(integer("retrieval.top_k", 5))
              .addAttributes(str("retrieval.query", text(12, 30)))
              .build());
      t += 45_000_000L;
    }
    if (spans.size() < count) {
      spans.add(llm(traceId, root, t, user, session, random.nextInt(4), failed));
      t += 1_200_000_000L;
    }
    if (spans.size() < count) {
      spans.add(
          base(
                  traceId,
                  ByteString.copyFrom(id(8)),
                  root,
                  "tool.lookup_invoice",
                  Span.SpanKind.SPAN_KIND_INTERNAL,
                  t,
                  t + 80_000_000L)
              .addAttributes(str("tool.name", "lookup_invoice"))
              .addAttributes(
                  str("tool.arguments", "{\"invoice\":\"INV-" + random.nextInt(100000) + "\"}"))
              .build());
      t += 90_000_000L;
    }
    if (spans.size() < count) {
      spans.add(llm(traceId, root, t, user, session, random.nextInt(4), false));
    }
    return spans;
  }

  private Span llm(
      ByteString traceId,
      ByteString parent,
      long start,
      String user,
      String session,
      int convention,
      boolean failed) {
    String[] model = MODELS[random.nextInt(MODELS.length)];
    long input = 200 + random.nextInt(3000);
    long output = 20 + random.nextInt(600);
    String prompt = text(40, 300);
    String response = text(20, 150);
    Span.Builder span =
        base(
            traceId,
            ByteString.copyFrom(id(8)),
            parent,
            "chat " + model[1],
            Span.SpanKind.SPAN_KIND_CLIENT,
            start,
            start + 300_000_000L + random.nextLong(1_500_000_000L));
    switch (convention) {
      case 0 ->
          span // OTel GenAI semantic conventions
              .addAttributes(str("gen_ai.operation.name", "chat"))
              .addAttributes(str("gen_ai.provider.name", model[0]))
              .addAttributes(str("gen_ai.request.model", model[1]))
              .addAttributes(str("gen_ai.response.model", model[1]))
              .addAttributes(integer("gen_ai.usage.input_tokens", input))
              .addAttributes(integer("gen_ai.usage.output_tokens", output))
              .addAttributes(integer("gen_ai.usage.cache_read.input_tokens", input / 4))
              .addAttributes(dbl("gen_ai.request.temperature", 0.2))
              .addAttributes(str("gen_ai.conversation.id", session))
              .addAttributes(
                  str(
                      "gen_ai.input.messages",
                      "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
                          + prompt
                          + "\"}]}]"))
              .addAttributes(
                  str(
                      "gen_ai.output.messages",
                      "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                          + "\"content\":\""
                          + response
                          + "\"}],\"finish_reason\":\"stop\"}]"));
      case 1 ->
          span // OpenInference
              .addAttributes(str("openinference.span.kind", "LLM"))
              .addAttributes(str("llm.provider", model[0]))
              .addAttributes(str("llm.model_name", model[1]))
              .addAttributes(integer("llm.token_count.prompt", input))
              .addAttributes(integer("llm.token_count.completion", output))
              .addAttributes(integer("llm.token_count.total", input + output))
              .addAttributes(str("input.value", prompt))
              .addAttributes(str("output.value", response))
              .addAttributes(str("session.id", session))
              .addAttributes(str("user.id", user));
      case 2 ->
          span // Vercel AI SDK
              .addAttributes(str("operation.name", "ai.generateText"))
              .addAttributes(str("ai.model.provider", model[0] + ".chat"))
              .addAttributes(str("ai.model.id", model[1]))
              .addAttributes(integer("ai.usage.promptTokens", input))
              .addAttributes(integer("ai.usage.completionTokens", output))
              .addAttributes(str("ai.prompt", "{\"prompt\":\"" + prompt + "\"}"))
              .addAttributes(str("ai.response.text", response))
              .addAttributes(str("userId", user));
      default ->
          span // OpenLLMetry / Traceloop
              .addAttributes(str("gen_ai.system", model[0]))
              .addAttributes(str("gen_ai.request.model", model[1]))
              .addAttributes(integer("llm.usage.prompt_tokens", input))
              .addAttributes(integer("llm.usage.completion_tokens", output))
              .addAttributes(str("gen_ai.prompt.0.role", "user"))
              .addAttributes(str("gen_ai.prompt.0.content", prompt))
              .addAttributes(str("gen_ai.completion.0.content", response))
              .addAttributes(str("traceloop.association.properties.session_id", session));
    }
    if (failed) {
      span.setStatus(
          Status.newBuilder()
              .setCode(Status.StatusCode.STATUS_CODE_ERROR)
              .setMessage("rate limited"));
    }
    return span.build();
  }

  private static Span.Builder base(
      ByteString traceId,
      ByteString spanId,
      ByteString parent,
      String name,
      Span.SpanKind kind,
      long start,
      long end) {
    return Span.newBuilder()
        .setTraceId(traceId)
        .setSpanId(spanId)
        .setParentSpanId(parent == null ? ByteString.EMPTY : parent)
        .setName(name)
        .setKind(kind)
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(end);
  }

  private String text(int minWords, int maxWords) {
    int n = minWords + random.nextInt(maxWords - minWords);
    StringBuilder sb = new StringBuilder(n * 8);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.append('.').toString();
  }

  private byte[] id(int length) {
    byte[] id = new byte[length];
    for (int i = 0; i < length; i++) {
      id[i] = (byte) random.nextInt(256);
    }
    id[0] |= 1; // never all zero
    return id;
  }

  static KeyValue str(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  static KeyValue dbl(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }
}
