package io.lumina.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.ingestion.grpc.OtlpGrpcServer;
import io.lumina.platform.LuminaPlatform.Service;
import io.lumina.testing.TestInfra;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton end to end: the real OpenTelemetry SDK exports a two-level trace over
 * OTLP/HTTP to ingestion, it travels through JetStream and the worker into PostgreSQL, and comes
 * back through the query API with its shape, model and tokens; the same over OTLP/gRPC.
 */
class EndToEndIT {
  private static LuminaPlatform platform;
  private static int ingestionPort;
  private static int grpcPort;
  private static int queryPort;
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final JsonMapper json = JsonMapper.builder().build();

  @BeforeAll
  static void start() {
    Map<String, Object> props = new HashMap<>(TestInfra.properties());
    props.put("server.port", 0);
    props.put("lumina.ingestion.otlp-port", -1);
    props.put("lumina.ingestion.grpc-port", 0);
    platform =
        LuminaPlatform.start(List.of(Service.INGESTION, Service.WORKER, Service.QUERY_API), props);
    ingestionPort = platform.port(Service.INGESTION);
    grpcPort = platform.context(Service.INGESTION).getBean(OtlpGrpcServer.class).localPort();
    queryPort = platform.port(Service.QUERY_API);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void traceSentByOpenTelemetrySdkIsQueryableWithItsShapeModelAndTokens() throws Exception {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + ingestionPort + "/v1/traces")
            .build();
    SdkTracerProvider provider = provider(exporter, "chat-api");
    Tracer tracer = provider.get("e2e-test");

    Span root = tracer.spanBuilder("rag_pipeline").startSpan();
    try (Scope ignored = root.makeCurrent()) {
      tracer
          .spanBuilder("chat claude-sonnet-4-5")
          .setAttribute("gen_ai.system", "anthropic")
          .setAttribute("gen_ai.request.model", "claude-sonnet-4-5")
          .setAttribute("gen_ai.usage.input_tokens", 120L)
          .setAttribute("gen_ai.usage.output_tokens", 80L)
          .startSpan()
          .end();
    } finally {
      root.end();
    }
    String traceId = root.getSpanContext().getTraceId();
    assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
        .as("the exporter got 200 from ingestion")
        .isTrue();
    provider.close();

    JsonNode trace =
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            // the SDK exports the two spans in two requests: wait until both are stored
            .until(
                () -> get("/api/traces/" + traceId),
                r -> r != null && r.at("/summary/spanCount").asInt() == 2);

    assertThat(trace.get("traceId").asString()).isEqualTo(traceId);
    JsonNode spans = trace.get("spans");
    assertThat(spans).hasSize(1);
    JsonNode rootSpan = spans.get(0);
    assertThat(rootSpan.get("name").asString()).isEqualTo("rag_pipeline");
    assertThat(rootSpan.get("service").asString()).isEqualTo("chat-api");
    assertThat(rootSpan.get("llm").asBoolean()).isFalse();
    JsonNode children = rootSpan.get("children");
    assertThat(children).hasSize(1);
    JsonNode llm = children.get(0);
    assertThat(llm.get("parentSpanId").asString()).isEqualTo(root.getSpanContext().getSpanId());
    assertThat(llm.get("model").asString()).isEqualTo("claude-sonnet-4-5");
    assertThat(llm.get("provider").asString()).isEqualTo("anthropic");
    assertThat(llm.get("tokens").get("prompt").asLong()).isEqualTo(120);
    assertThat(llm.get("tokens").get("completion").asLong()).isEqualTo(80);
    assertThat(llm.get("latencyMs").asDouble()).isGreaterThanOrEqualTo(0);

    JsonNode list = get("/api/traces?limit=10");
    assertThat(list.get("traces").findValuesAsString("traceId")).contains(traceId);
  }

  /**
   * The same LLM call exported once over OTLP/HTTP and once over OTLP/gRPC (port 4317's protocol,
   * the default of Python's exporter and the Collector): both are stored and priced alike.
   */
  @Test
  void aTraceSentOverGrpcIsStoredAndPricedLikeTheSameTraceOverHttp() throws Exception {
    String overHttp =
        sendLlmCall(
            OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ingestionPort + "/v1/traces")
                .build());
    String overGrpc =
        sendLlmCall(
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + grpcPort)
                .setCompression("gzip")
                .build());

    JsonNode http =
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> get("/api/traces/" + overHttp), r -> r != null);
    JsonNode grpc =
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> get("/api/traces/" + overGrpc), r -> r != null);

    JsonNode httpSpan = http.get("spans").get(0);
    JsonNode grpcSpan = grpc.get("spans").get(0);
    assertThat(grpcSpan.get("name").asString()).isEqualTo("chat gpt-4o");
    assertThat(grpcSpan.get("service").asString()).isEqualTo("grpc-api");
    assertThat(grpcSpan.get("model").asString()).isEqualTo(httpSpan.get("model").asString());
    assertThat(grpcSpan.get("provider").asString()).isEqualTo("openai");
    assertThat(grpcSpan.get("tokens")).isEqualTo(httpSpan.get("tokens"));
    assertThat(grpcSpan.get("tokens").get("prompt").asLong()).isEqualTo(1000);
    assertThat(httpSpan.get("costUsd").decimalValue()).isPositive();
    assertThat(grpcSpan.get("costUsd").decimalValue())
        .isEqualByComparingTo(httpSpan.get("costUsd").decimalValue());
  }

  /** One LLM span through {@code exporter}; returns its trace id once the export succeeded. */
  private static String sendLlmCall(SpanExporter exporter) {
    SdkTracerProvider provider = provider(exporter, "grpc-api");
    Span span =
        provider
            .get("e2e-test")
            .spanBuilder("chat gpt-4o")
            .setAttribute("gen_ai.system", "openai")
            .setAttribute("gen_ai.request.model", "gpt-4o")
            .setAttribute("gen_ai.response.model", "gpt-4o-2024-08-06")
            .setAttribute("gen_ai.usage.input_tokens", 1000L)
            .setAttribute("gen_ai.usage.output_tokens", 500L)
            .startSpan();
    span.end();
    assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
        .as("the exporter got a success answer from ingestion")
        .isTrue();
    provider.close();
    return span.getSpanContext().getTraceId();
  }

  /** Exports each span as it ends, as {@code service}. */
  private static SdkTracerProvider provider(SpanExporter exporter, String service) {
    return SdkTracerProvider.builder()
        .setResource(
            Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return null;
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }
}
