package io.lumina.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.model.TokenUsage;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Head sampling by trace id, and conditions that keep whole traces the rate would drop. */
class ConditionalSamplingTest {

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private Lumina lumina;

  @AfterEach
  void close() {
    if (lumina != null) {
      lumina.close();
    }
  }

  @Test
  void headSamplingKeepsTheShareOfTracesTheTraceIdRatioGives() {
    lumina = start(0.1, AlwaysSample.none());
    for (int i = 0; i < 5000; i++) {
      lumina.span("request", () -> lumina.traceLLM(() -> "ok", TraceOptions.defaults()));
    }
    assertThat(lumina.flush()).isTrue();

    Map<String, List<SpanData>> traces = byTrace(exported.getFinishedSpanItems());
    assertThat(traces.size()).isBetween(400, 600);
    assertThat(traces.values()).allSatisfy(spans -> assertThat(spans).hasSize(2));
    Sampler ratio = Sampler.traceIdRatioBased(0.1);
    assertThat(traces.keySet())
        .allSatisfy(
            id ->
                assertThat(
                        ratio
                            .shouldSample(
                                io.opentelemetry.context.Context.root(),
                                id,
                                "x",
                                io.opentelemetry.api.trace.SpanKind.INTERNAL,
                                io.opentelemetry.api.common.Attributes.empty(),
                                List.of())
                            .getDecision())
                    .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE));
    assertThat(lumina.stats().bufferedSpans()).isZero();
  }

  @Test
  void aTraceWithAnErrorAnywhereIsKeptWhole() {
    lumina = start(0.0, AlwaysSample.builder().errors(true).build());
    assertThatThrownBy(
            () ->
                lumina.span(
                    "pipeline",
                    () -> {
                      lumina.span("retrieval", () -> "docs");
                      return lumina.traceLLM(
                          () -> {
                            throw new IllegalStateException("boom");
                          },
                          TraceOptions.defaults());
                    }))
        .hasMessage("boom");
    lumina.span("routine", () -> lumina.traceLLM(() -> "fine", TraceOptions.defaults()));
    assertThat(lumina.flush()).isTrue();

    assertThat(exported.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("retrieval", "chat", "pipeline");
    LuminaStats stats = lumina.stats();
    assertThat(stats.keptTraces()).isEqualTo(1);
    assertThat(stats.sampledOutTraces()).isEqualTo(1);
    assertThat(stats.bufferedSpans()).isZero();
    assertThat(stats.droppedSpans()).isZero();
  }

  @Test
  void costAboveTheBoundIsJudgedWithTheServersCatalog() {
    lumina = start(0.0, AlwaysSample.builder().costUsdAbove(0.5).build());
    // gpt-4o: the bundled catalog's price decides which of these two crosses $0.50
    BigDecimal above = catalogCost("gpt-4o", 150_000, 20_000);
    BigDecimal below = catalogCost("gpt-4o", 100_000, 20_000);
    assertThat(above).isGreaterThan(new BigDecimal("0.5"));
    assertThat(below).isLessThan(new BigDecimal("0.5"));

    call("expensive", "gpt-4o", 150_000, 20_000);
    call("cheap", "gpt-4o", 100_000, 20_000);
    // custom prices win over the catalog, on the server and here
    lumina.traceLLM(
        span -> span.usage(1000, 1000).costPerToken(0.0003, 0.0003),
        TraceOptions.builder().name("custom-priced").model("gpt-4o-mini").build());
    assertThat(lumina.flush()).isTrue();

    assertThat(exported.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("expensive", "custom-priced");
  }

  @Test
  void aListedUserKeepsTheTrace() {
    lumina = start(0.0, AlwaysSample.builder().userIdIn("vip1", "vip2").build());
    // the root names no user: the trace is judged by all its spans
    lumina.span(
        "request",
        () ->
            lumina.traceLLM(
                () -> "hi", TraceOptions.builder().name("vip").metadata("userId", "vip2").build()));
    lumina.traceLLM(
        () -> "hi", TraceOptions.builder().name("other").metadata("userId", "u-9").build());
    lumina.span("anonymous", () -> "no user at all");
    assertThat(lumina.flush()).isTrue();

    assertThat(exported.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("vip", "request");
    assertThat(lumina.stats().sampledOutTraces()).isEqualTo(2);
    assertThat(lumina.stats().droppedSpans()).isZero();
  }

  @Test
  void aBurstOfOneHundredThousandSpansStaysWithinTheBufferBounds() {
    int maxSpans = 2_000;
    long maxBytes = 512 * 1024;
    lumina =
        Lumina.init(
            LuminaOptions.builder()
                .serviceName("burst")
                .exporter(exported)
                .samplingRate(0.0)
                .alwaysSample(AlwaysSample.builder().errors(true).build())
                .bufferMaxSpans(maxSpans)
                .bufferMaxBytes(maxBytes)
                .shutdownHook(false)
                .build());
    int roots = 1_000;
    int childrenPerRoot = 100;
    for (int r = 0; r < roots; r++) {
      lumina.span(
          "request",
          () -> {
            for (int c = 0; c < childrenPerRoot; c++) {
              lumina.traceLLM(
                  span -> span.prompt("a prompt of some length").usage(10, 5),
                  TraceOptions.defaults());
            }
            return null;
          });
    }
    assertThat(lumina.flush()).isTrue();

    LuminaStats stats = lumina.stats();
    assertThat(stats.peakBufferedSpans()).isPositive().isLessThanOrEqualTo(maxSpans);
    assertThat(stats.peakBufferedBytes()).isPositive().isLessThanOrEqualTo(maxBytes);
    assertThat(stats.bufferedSpans()).isZero();
    assertThat(stats.bufferedBytes()).isZero();
    assertThat(stats.keptTraces()).isZero();
    assertThat(exported.getFinishedSpanItems()).isEmpty();
    // every trace was either decided at its root or dropped whole to stay within the bounds
    assertThat(stats.sampledOutTraces()).isPositive();
    assertThat(stats.droppedSpans()).isPositive();
  }

  private void call(String name, String model, long in, long out) {
    lumina.traceLLM(
        span -> span.usage(in, out), TraceOptions.builder().name(name).model(model).build());
  }

  private static BigDecimal catalogCost(String model, long in, long out) {
    return CostCalculator.cost(
        new TokenUsage(in, out, null, null, null, null),
        PriceCatalog.bundled().find(model).orElseThrow().price());
  }

  private Lumina start(double rate, AlwaysSample conditions) {
    return Lumina.init(
        LuminaOptions.builder()
            .serviceName("sampling")
            .exporter(exported)
            .samplingRate(rate)
            .alwaysSample(conditions)
            .shutdownHook(false)
            .build());
  }

  private static Map<String, List<SpanData>> byTrace(List<SpanData> spans) {
    return spans.stream().collect(Collectors.groupingBy(SpanData::getTraceId));
  }

  @SuppressWarnings("unused")
  private static Set<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).collect(Collectors.toSet());
  }
}
