package io.lumina.platform.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lumina.model.TokenUsage;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.sdk.AlwaysSample;
import io.lumina.sdk.Lumina;
import io.lumina.sdk.LuminaOptions;
import io.lumina.sdk.TraceOptions;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The SDK against the running platform: what traceLLM sends is stored with its model, tokens,
 * metadata and cost; custom prices are used; errors are recorded; nested spans keep their parent;
 * head and conditional sampling keep the right traces.
 */
class SdkEndToEndIT {
  private static final Duration STORED = Duration.ofSeconds(30);

  private static SdkPlatform platform;
  private static LuminaApi api;
  private static Lumina lumina;
  private static String endpoint;

  @BeforeAll
  static void start() {
    platform = SdkPlatform.start();
    endpoint = platform.ingestion();
    api = platform.api();
    lumina = Lumina.init(options("sdk-e2e").build());
  }

  @AfterAll
  static void stop() {
    if (lumina != null) {
      lumina.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  private static LuminaOptions.Builder options(String service) {
    return LuminaOptions.builder()
        .endpoint(endpoint)
        .serviceName(service)
        .exportDelay(Duration.ofMillis(100))
        .shutdownHook(false);
  }

  @Test
  void aTracedCallIsStoredWithModelTokensMetadataAndCatalogCost() {
    AtomicReference<String> traceId = new AtomicReference<>();
    String answer =
        lumina.traceLLM(
            span -> {
              traceId.set(Span.current().getSpanContext().getTraceId());
              span.prompt("How do I reset my password?").usage(1200, 300);
              return "Open settings.";
            },
            TraceOptions.builder()
                .name("chat")
                .model("gpt-4o-mini")
                .provider("openai")
                .metadata(
                    Map.of(
                        "userId", "u-1",
                        "sessionId", "s-1",
                        "intent", "support",
                        "feature_flag", "new_prompt_v2"))
                .build());
    assertThat(answer).isEqualTo("Open settings.");
    assertThat(lumina.flush()).isTrue();

    JsonNode span = onlySpan(traceId.get());
    assertThat(span.get("name").asString()).isEqualTo("chat");
    assertThat(span.get("service").asString()).isEqualTo("sdk-e2e");
    assertThat(span.get("llm").asBoolean()).isTrue();
    assertThat(span.get("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(span.get("provider").asString()).isEqualTo("openai");
    assertThat(span.get("tokens").get("prompt").asLong()).isEqualTo(1200);
    assertThat(span.get("tokens").get("completion").asLong()).isEqualTo(300);
    assertThat(span.get("userId").asString()).isEqualTo("u-1");
    assertThat(span.get("sessionId").asString()).isEqualTo("s-1");
    assertThat(span.get("attributes").get("intent").asString()).isEqualTo("support");
    assertThat(span.get("attributes").get("feature_flag").asString()).isEqualTo("new_prompt_v2");
    assertThat(span.get("prompt").asString()).isEqualTo("How do I reset my password?");
    assertThat(span.get("response").asString()).isEqualTo("Open settings.");
    assertThat(span.get("pricingSource").asString()).isEqualTo("CATALOG");
    assertThat(span.get("costUsd").asDouble())
        .isCloseTo(catalogCost("gpt-4o-mini", 1200, 300), within(1e-12))
        .isPositive();
  }

  @Test
  void customPerTokenPricesAreUsed() {
    AtomicReference<String> onSpan = new AtomicReference<>();
    AtomicReference<String> inMetadata = new AtomicReference<>();
    lumina.traceLLM(
        span -> {
          onSpan.set(Span.current().getSpanContext().getTraceId());
          return span.usage(1000, 200).costPerToken(0.000003, 0.000015);
        },
        TraceOptions.builder().model("acme-llm-7b").build());
    lumina.traceLLM(
        span -> {
          inMetadata.set(Span.current().getSpanContext().getTraceId());
          return span.usage(1000, 200);
        },
        TraceOptions.builder()
            .model("gpt-4o") // the catalog knows it, but the call's own prices win
            .metadata(
                Map.of("cost_per_prompt_token", 0.000001, "cost_per_completion_token", 0.000002))
            .build());
    assertThat(lumina.flush()).isTrue();

    JsonNode custom = onlySpan(onSpan.get());
    assertThat(custom.get("pricingSource").asString()).isEqualTo("SPAN_PRICES");
    assertThat(custom.get("costUsd").asDouble()).isCloseTo(0.006, within(1e-12));
    JsonNode metadata = onlySpan(inMetadata.get());
    assertThat(metadata.get("pricingSource").asString()).isEqualTo("SPAN_PRICES");
    assertThat(metadata.get("costUsd").asDouble()).isCloseTo(0.0014, within(1e-12));
  }

  @Test
  void anExceptionIsRecordedOnTheSpanAndRethrownUnchanged() {
    AtomicReference<String> traceId = new AtomicReference<>();
    IllegalStateException boom = new IllegalStateException("provider timed out");

    assertThatThrownBy(
            () ->
                lumina.traceLLM(
                    () -> {
                      traceId.set(Span.current().getSpanContext().getTraceId());
                      throw boom;
                    },
                    TraceOptions.builder().name("chat").model("gpt-4o").build()))
        .isSameAs(boom);
    assertThat(lumina.flush()).isTrue();

    JsonNode span = onlySpan(traceId.get());
    assertThat(span.get("status").asString()).isEqualTo("error");
    assertThat(span.get("statusMessage").asString()).isEqualTo("provider timed out");
    assertThat(span.get("attributes").get("error.type").asString())
        .isEqualTo(IllegalStateException.class.getName());
    JsonNode event = span.get("events").get(0);
    assertThat(event.get("name").asString()).isEqualTo("exception");
    assertThat(event.get("attributes").get("exception.message").asString())
        .isEqualTo("provider timed out");
  }

  @Test
  void nestedSpansKeepTheirParent() {
    AtomicReference<String> traceId = new AtomicReference<>();
    lumina.span(
        "rag_pipeline",
        () -> {
          traceId.set(Span.current().getSpanContext().getTraceId());
          lumina.span(
              "retrieval",
              () -> {
                lumina.span("embedding", () -> "vector");
                return lumina.span("vector_search", () -> "3 documents");
              });
          return lumina.traceLLM(
              span -> span.usage(500, 100),
              TraceOptions.builder().name("synthesis").model("gpt-4o-mini").build());
        });
    assertThat(lumina.flush()).isTrue();

    JsonNode trace =
        LuminaApi.await(
            STORED,
            () -> api.trace(traceId.get()),
            t -> t != null && t.get("summary").get("spanCount").asInt() == 5,
            "stored with its 5 spans");
    JsonNode root = trace.get("spans").get(0);
    assertThat(trace.get("spans")).hasSize(1);
    assertThat(root.get("name").asString()).isEqualTo("rag_pipeline");
    Map<String, JsonNode> children = byName(root.get("children"));
    assertThat(children.keySet()).containsExactlyInAnyOrder("retrieval", "synthesis");
    assertThat(children.get("synthesis").get("llm").asBoolean()).isTrue();
    assertThat(children.get("synthesis").get("parentSpanId").asString())
        .isEqualTo(root.get("spanId").asString());
    JsonNode retrieval = children.get("retrieval");
    assertThat(byName(retrieval.get("children")).keySet())
        .containsExactlyInAnyOrder("embedding", "vector_search");
    assertThat(byName(retrieval.get("children")).get("embedding").get("parentSpanId").asString())
        .isEqualTo(retrieval.get("spanId").asString());
  }

  /**
   * 2,000 traces at samplingRate(0.1): routine ones stored at 10% ± 3%, every one with an error, an
   * LLM call above $0.50 or a listed user stored whole (root and LLM call).
   */
  @Test
  void headAndConditionalSamplingKeepTheRightTraces() {
    String run = UUID.randomUUID().toString();
    Map<String, Integer> sent = Map.of("routine", 1700, "error", 100, "expensive", 100, "vip", 100);
    try (Lumina sampled =
        Lumina.init(
            options("sdk-sampling")
                .samplingRate(0.1)
                .alwaysSample(
                    AlwaysSample.builder()
                        .errors(true)
                        .costUsdAbove(0.5)
                        .userIdIn("vip1", "vip2")
                        .build())
                .build())) {
      List<String> kinds = new ArrayList<>();
      sent.forEach((kind, n) -> kinds.addAll(java.util.Collections.nCopies(n, kind)));
      java.util.Collections.shuffle(kinds, new java.util.Random(42));
      for (String kind : kinds) {
        sendTrace(sampled, run, kind);
      }
      assertThat(sampled.flush()).isTrue();
      long exported = sampled.stats().exportedSpans();
      assertThat(sampled.stats().droppedSpans()).isZero();

      List<JsonNode> stored =
          LuminaApi.await(
              STORED,
              () -> api.traces("attr.run=" + run),
              traces ->
                  traces.stream().mapToLong(t -> t.get("spanCount").asLong()).sum() == exported,
              "all " + exported + " exported spans stored");

      Map<String, Integer> kept = new HashMap<>();
      for (JsonNode trace : stored) {
        assertThat(trace.get("spanCount").asInt()).as("trace stored whole").isEqualTo(2);
        kept.merge(kindOf(trace), 1, Integer::sum);
      }
      assertThat(kept.get("error")).isEqualTo(100);
      assertThat(kept.get("expensive")).isEqualTo(100);
      assertThat(kept.get("vip")).isEqualTo(100);
      assertThat(kept.get("routine") / 1700.0).isBetween(0.07, 0.13);
    }
  }

  private static void sendTrace(Lumina sdk, String run, String kind) {
    TraceOptions options =
        TraceOptions.builder()
            .name("chat")
            .model(kind.equals("expensive") ? "gpt-4o" : "gpt-4o-mini")
            .metadata("run", run)
            .metadata("kind", kind)
            .metadata("userId", kind.equals("vip") ? "vip2" : "user-" + kind)
            .build();
    try {
      sdk.span(
          "request",
          () ->
              sdk.traceLLM(
                  span -> {
                    if (kind.equals("error")) {
                      throw new IllegalStateException("provider error");
                    }
                    // gpt-4o at 150k in / 20k out is above $0.50 at the catalog's price
                    return kind.equals("expensive")
                        ? span.usage(150_000, 20_000)
                        : span.usage(200, 50);
                  },
                  options));
    } catch (IllegalStateException expected) {
      // recorded on the span
    }
  }

  private String kindOf(JsonNode traceSummary) {
    JsonNode trace = api.trace(traceSummary.get("traceId").asString());
    JsonNode llm = trace.get("spans").get(0).get("children").get(0);
    if (llm.get("attributes").get("kind").asString().equals("expensive")) {
      assertThat(llm.get("costUsd").asDouble()).isGreaterThan(0.5);
    }
    return llm.get("attributes").get("kind").asString();
  }

  private static JsonNode onlySpan(String traceId) {
    JsonNode trace = LuminaApi.await(STORED, () -> api.trace(traceId), t -> t != null, "stored");
    assertThat(trace.get("spans")).hasSize(1);
    // The trace view cuts long values (an exception's stack trace); read the whole span.
    return api.get(
        "/api/traces/" + traceId + "/spans/" + trace.get("spans").get(0).get("spanId").asString());
  }

  private static Map<String, JsonNode> byName(JsonNode spans) {
    Map<String, JsonNode> byName = new HashMap<>();
    spans.forEach(s -> byName.put(s.get("name").asString(), s));
    return byName;
  }

  /** What the worker's catalog charges for these tokens. */
  static double catalogCost(String model, long in, long out) {
    return CostCalculator.cost(
            new TokenUsage(in, out, null, null, null, null),
            PriceCatalog.bundled().find(model).orElseThrow().price())
        .doubleValue();
  }
}
