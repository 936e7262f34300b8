package io.lumina.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.platform.LuminaPlatform.Service;
import io.lumina.testing.TestInfra;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
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
 * back through the query API with its shape, model and tokens.
 */
class EndToEndIT {
  private static LuminaPlatform platform;
  private static int ingestionPort;
  private static int queryPort;
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final JsonMapper json = JsonMapper.builder().build();

  @BeforeAll
  static void start() {
    Map<String, Object> props = new HashMap<>(TestInfra.properties());
    props.put("server.port", 0);
    platform =
        LuminaPlatform.start(List.of(Service.INGESTION, Service.WORKER, Service.QUERY_API), props);
    ingestionPort = platform.port(Service.INGESTION);
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
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "chat-api")))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
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
            // the SDK exports each span as it ends, so the child can be stored before its root
            .until(
                () -> get("/api/traces/" + traceId),
                r -> r != null && r.path("summary").path("spanCount").asInt() == 2);

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
