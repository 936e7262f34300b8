package io.lumina.platform;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream of realistic LLM traces for a first look at the dashboard ({@code ./lumina start
 * --demo}): a few services, several models and attribute conventions, multi-span RAG pipelines,
 * occasional errors, and repeated prompts so quality baselines form. Sent over real OTLP/HTTP to
 * ingestion.
 */
final class DemoTraffic implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
  private static final List<String> SERVICES = List.of("chat-api", "rag-pipeline", "support-bot");
  private static final List<String[]> MODELS =
      List.of(
          new String[] {"openai", "gpt-4o-mini"},
          new String[] {"openai", "gpt-4o"},
          new String[] {"anthropic", "claude-sonnet-4-5"},
          new String[] {"anthropic", "claude-3-5-haiku-20241022"},
          new String[] {"gcp.gemini", "gemini-2.5-flash"});
  private static final List<String[]> QUESTIONS =
      List.of(
          new String[] {"What is the capital of France?", "The capital of France is Paris."},
          new String[] {
            "Summarize our refund policy.", "Refunds are available within 30 days of purchase."
          },
          new String[] {
            "How do I reset my password?", "Open Settings, choose Security, then Reset password."
          },
          new String[] {"Translate 'good morning' to Spanish.", "Buenos días."},
          new String[] {"Which plan includes SSO?", "SSO is included in the Enterprise plan."});

  private final Thread thread;
  private volatile boolean running = true;

  /** With keys on, the demo sends as the configured admin key ({@code LUMINA_ADMIN_KEY}). */
  private final String apiKey;

  private DemoTraffic(URI endpoint, String apiKey) {
    this.apiKey = apiKey;
    this.thread =
        Thread.ofPlatform().daemon().name("lumina-demo-traffic").start(() -> run(endpoint));
  }

  static DemoTraffic start(URI endpoint, String apiKey) {
    log.info("demo traffic: sending sample LLM traces to {}", endpoint);
    return new DemoTraffic(endpoint, apiKey == null || apiKey.isBlank() ? null : apiKey);
  }

  private void run(URI endpoint) {
    Random random = new Random();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      while (running) {
        byte[] body = request(random).toByteArray();
        try {
          HttpRequest.Builder request =
              HttpRequest.newBuilder(endpoint)
                  .header("Content-Type", "application/x-protobuf")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body));
          if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
          }
          HttpResponse<Void> response =
              http.send(request.build(), HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() != 200) {
            log.warn("demo traffic: ingestion answered {}", response.statusCode());
          }
          Thread.sleep(300 + random.nextInt(700));
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          log.warn("demo traffic: {}", e.getMessage());
        }
      }
    }
  }

  static ExportTraceServiceRequest request(Random random) {
    String service = SERVICES.get(random.nextInt(SERVICES.size()));
    String[] model = MODELS.get(random.nextInt(MODELS.size()));
    String[] qa = QUESTIONS.get(random.nextInt(QUESTIONS.size()));
    byte[] traceId = new byte[16];
    random.nextBytes(traceId);
    long now = System.currentTimeMillis() * 1_000_000L;
    long llmMillis = 200 + random.nextInt(1800);
    boolean error = random.nextInt(25) == 0;
    long input = 40 + random.nextInt(2000);
    long output = 10 + random.nextInt(400);

    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    scope.getScopeBuilder().setName("lumina-demo");
    ByteString root = spanId(random);
    ByteString llm = spanId(random);
    long start = now - (llmMillis + 150) * 1_000_000L;
    scope.addSpans(
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(root)
            .setName(service.equals("rag-pipeline") ? "rag_pipeline" : "handle_request")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(now)
            .addAttributes(str("http.route", "/api/" + service.replace("-api", "")))
            .addAttributes(str("user_id", "user-" + (1 + random.nextInt(12))))
            .addAttributes(str("session_id", "session-" + random.nextInt(40))));
    if (service.equals("rag-pipeline")) {
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(traceId))
              .setSpanId(spanId(random))
              .setParentSpanId(root)
              .setName("retrieval")
              .setStartTimeUnixNano(start + 5_000_000L)
              .setEndTimeUnixNano(start + 140_000_000L)
              .addAttributes(str("db.system", "pgvector")));
    }
    Span.Builder call =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(llm)
            .setParentSpanId(root)
            .setName("chat " + model[1])
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(start + 150_000_000L)
            .setEndTimeUnixNano(now - 1_000_000L)
            .addAttributes(str("gen_ai.operation.name", "chat"))
            .addAttributes(str("gen_ai.system", model[0]))
            .addAttributes(str("gen_ai.request.model", model[1]))
            .addAttributes(integer("gen_ai.usage.input_tokens", input))
            .addAttributes(integer("gen_ai.usage.output_tokens", output))
            .addAttributes(str("gen_ai.prompt", qa[0]))
            .addAttributes(str("gen_ai.completion", qa[1]));
    if (error) {
      call.setStatus(
          Status.newBuilder()
              .setCode(Status.StatusCode.STATUS_CODE_ERROR)
              .setMessage("429 Too Many Requests from provider"));
    }
    scope.addSpans(call);
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(str("service.name", service))
                        .addAttributes(str("deployment.environment", "demo")))
                .addScopeSpans(scope))
        .build();
  }

  private static ByteString spanId(Random random) {
    byte[] id = new byte[8];
    random.nextBytes(id);
    id[0] |= 1;
    return ByteString.copyFrom(id);
  }

  private static KeyValue str(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
