package io.lumina.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.platform.LuminaPlatform.Service;
import io.lumina.platform.sdk.LuminaApi;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.testing.InstrumentationFixture;
import io.lumina.testing.InstrumentationFixture.Call;
import io.lumina.testing.InstrumentationFixture.Reporting;
import io.lumina.testing.TestInfra;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every fixture recorded from a real instrumentation library (test-support {@code
 * fixtures/instrumentation}) sent to ingestion as the library exported it, through JetStream and
 * the worker into PostgreSQL, and read back from the query API: each trace's summary, and the
 * analytics of the fixture's hour, add up to exactly the calls the fake provider answered, each
 * counted once under its model and priced with the bundled catalog.
 *
 * <p>One platform for all fixtures. Each fixture's spans are moved in time, all by the same amount,
 * into an hour of their own (2 days ago and after), so that the analytics of that hour hold that
 * fixture only; nothing else in the requests is changed.
 */
class RecordedInstrumentationIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<InstrumentationFixture> FIXTURES = InstrumentationFixture.all();
  private static final Instant FIRST_HOUR =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(48));
  private static final PriceCatalog CATALOG = PriceCatalog.bundled();

  private static LuminaPlatform platform;
  private static LuminaApi api;

  /** Per fixture, its traces and how many spans each holds, as sent. */
  private static final Map<String, Map<String, Integer>> SENT = new HashMap<>();

  @BeforeAll
  static void sendEveryFixture() throws Exception {
    Map<String, Object> props = new HashMap<>(TestInfra.properties());
    props.put("server.port", 0);
    props.put("lumina.ingestion.otlp-port", -1);
    props.put("lumina.ingestion.grpc-port", -1);
    platform =
        LuminaPlatform.start(List.of(Service.INGESTION, Service.WORKER, Service.QUERY_API), props);
    api = new LuminaApi(platform.port(Service.QUERY_API));
    URI traces = URI.create("http://127.0.0.1:" + platform.port(Service.INGESTION) + "/v1/traces");
    for (int i = 0; i < FIXTURES.size(); i++) {
      InstrumentationFixture f = FIXTURES.get(i);
      List<ExportTraceServiceRequest> requests = new ArrayList<>();
      for (byte[] body : f.otlpRequests()) {
        requests.add(ExportTraceServiceRequest.parseFrom(body));
      }
      long offset = nanos(hour(i).plus(Duration.ofMinutes(10))) - firstStart(requests);
      Map<String, Integer> spans = new LinkedHashMap<>();
      for (ExportTraceServiceRequest request : requests) {
        ExportTraceServiceRequest moved = shift(request, offset, spans);
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(traces)
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(moved.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", f, r.body()).isEqualTo(200);
      }
      SENT.put(f.id(), spans);
    }
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  static Stream<Arguments> fixtures() {
    return IntStream.range(0, FIXTURES.size()).mapToObj(i -> Arguments.of(FIXTURES.get(i), i));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void traceAndAnalyticsTotalsAreTheProvidersCallsEachCountedOnce(
      InstrumentationFixture f, int index) {
    List<JsonNode> calls = new ArrayList<>();
    Totals traces = new Totals();
    for (Map.Entry<String, Integer> sent : SENT.get(f.id()).entrySet()) {
      JsonNode trace = awaitTrace(sent.getKey(), sent.getValue());
      List<JsonNode> counted = new ArrayList<>();
      collectCalls(trace.get("spans"), counted);
      JsonNode summary = trace.get("summary");
      Totals ofCalls = Totals.of(counted);
      assertThat(Totals.ofSummary(summary))
          .as("%s trace %s: the summary adds up its counted calls", f, sent.getKey())
          .isEqualTo(ofCalls.withoutCacheRead());
      traces = traces.plus(ofCalls);
      calls.addAll(counted);
    }
    assertThat(calls).as("%s: one counted span per provider call", f).hasSize(f.calls().size());
    assertThat(traces.llmCalls()).isEqualTo(f.calls().size());

    Reporting reporting = f.reporting(f.calls().getFirst());
    if (reporting.followsProvider()) {
      Totals expected = new Totals();
      Map<String, Totals> byModel = new TreeMap<>();
      for (Call c : f.calls()) {
        Totals one = Totals.ofCall(f, c);
        expected = expected.plus(one);
        byModel.merge(c.responseModel(), one, Totals::plus);
      }
      assertThat(traces)
          .as("%s: the provider's calls priced with the catalog", f)
          .isEqualTo(expected);
      assertThat(byModel(calls)).isEqualTo(byModel);
    } else if (reporting == Reporting.NONE) {
      assertThat(calls)
          .as("%s: calls without token counts are unpriced for want of tokens", f)
          .allSatisfy(c -> assertThat(c.get("unpricedReason").asString()).isEqualTo("no_tokens"));
    }

    String range = "from=" + enc(hour(index).toString()) + "&to=" + enc(hour(index + 1).toString());
    JsonNode cost = api.get("/api/analytics/cost?groupBy=model&" + range);
    assertThat(Totals.ofBucket(cost.get("totals")))
        .as("%s: analytics totals of its hour", f)
        .isEqualTo(traces);
    Map<String, Totals> groups = new TreeMap<>();
    cost.get("groups")
        .forEach(
            g -> {
              if (g.get("llmSpanCount").asLong() > 0 || g.get("unpricedCount").asLong() > 0) {
                groups.put(g.path("key").asString(""), Totals.ofBucket(g));
              }
            });
    assertThat(groups).as("%s: each call once, under its model", f).isEqualTo(byModel(calls));
    JsonNode tokens = api.get("/api/analytics/tokens?" + range).get("totals");
    assertThat(tokens.get("prompt").asLong()).isEqualTo(traces.prompt());
    assertThat(tokens.get("completion").asLong()).isEqualTo(traces.completion());
    assertThat(tokens.get("cacheRead").asLong()).isEqualTo(traces.cacheRead());
  }

  /**
   * Counts, tokens and cost as the API shows them; {@code cost} is null when nothing is priced, as
   * in a summary. {@code unpriced} counts calls without a price.
   */
  record Totals(
      long llmCalls, long prompt, long completion, long cacheRead, BigDecimal cost, long unpriced) {
    Totals {
      cost = cost == null ? null : cost.stripTrailingZeros();
    }

    Totals() {
      this(0, 0, 0, 0, null, 0);
    }

    /** A trace summary keeps no cache reads. */
    Totals withoutCacheRead() {
      return new Totals(llmCalls, prompt, completion, 0, cost, unpriced);
    }

    Totals plus(Totals o) {
      return new Totals(
          llmCalls + o.llmCalls,
          prompt + o.prompt,
          completion + o.completion,
          cacheRead + o.cacheRead,
          cost == null ? o.cost : o.cost == null ? cost : cost.add(o.cost),
          unpriced + o.unpriced);
    }

    /** The call spans of a trace, as the tree shows them. */
    static Totals of(List<JsonNode> calls) {
      Totals t = new Totals();
      for (JsonNode c : calls) {
        JsonNode tokens = c.get("tokens");
        t =
            t.plus(
                new Totals(
                    c.get("llm").asBoolean() ? 1 : 0,
                    tokens.path("prompt").asLong(0),
                    tokens.path("completion").asLong(0),
                    tokens.path("cacheRead").asLong(0),
                    decimal(c.get("costUsd")),
                    c.get("unpriced").asBoolean() ? 1 : 0));
      }
      return t;
    }

    static Totals ofSummary(JsonNode s) {
      return new Totals(
          s.get("llmSpanCount").asLong(),
          s.path("promptTokens").asLong(0),
          s.path("completionTokens").asLong(0),
          0,
          decimal(s.get("costUsd")),
          s.get("unpricedSpans").asLong());
    }

    static Totals ofBucket(JsonNode b) {
      BigDecimal cost = decimal(b.get("costUsd"));
      return new Totals(
          b.get("llmSpanCount").asLong(),
          b.get("promptTokens").asLong(),
          b.get("completionTokens").asLong(),
          b.get("cacheReadTokens").asLong(),
          // a bucket says 0 where a summary says null: nothing was priced
          cost != null && cost.signum() == 0 ? null : cost,
          b.get("unpricedCount").asLong());
    }

    /** One call as the provider answered it, priced with the bundled catalog. */
    static Totals ofCall(InstrumentationFixture f, Call c) {
      var tokens = f.tokens(c);
      var price = CATALOG.find(c.responseModel());
      assertThat(price).as("catalog price for %s", c.responseModel()).isPresent();
      return new Totals(
          1,
          tokens.input(),
          tokens.output(),
          tokens.cacheRead(),
          CostCalculator.cost(tokens, price.get().price()),
          0);
    }
  }

  /** The counted calls by the model their span names. */
  private static Map<String, Totals> byModel(List<JsonNode> calls) {
    Map<String, Totals> out = new TreeMap<>();
    for (JsonNode c : calls) {
      out.merge(c.path("model").asString(""), Totals.of(List.of(c)), Totals::plus);
    }
    return out;
  }

  private static void collectCalls(JsonNode spans, List<JsonNode> into) {
    for (JsonNode s : spans) {
      if (s.get("usageRole").asString().equals("call")) {
        into.add(s);
      }
      collectCalls(s.get("children"), into);
    }
  }

  private static JsonNode awaitTrace(String traceId, int spans) {
    JsonNode trace =
        LuminaApi.await(
            WAIT,
            () -> api.trace(traceId),
            t -> t != null && t.at("/summary/spanCount").asInt() >= spans,
            "trace " + traceId + " stored with its " + spans + " spans");
    assertThat(trace.at("/summary/spanCount").asInt()).isEqualTo(spans);
    return trace;
  }

  private static Instant hour(int index) {
    return FIRST_HOUR.plus(Duration.ofHours(index));
  }

  private static long firstStart(List<ExportTraceServiceRequest> requests) {
    return requests.stream()
        .flatMap(r -> r.getResourceSpansList().stream())
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .flatMap(ss -> ss.getSpansList().stream())
        .mapToLong(Span::getStartTimeUnixNano)
        .min()
        .orElseThrow();
  }

  /** The request with every span and event time moved by {@code offset}; counts spans by trace. */
  private static ExportTraceServiceRequest shift(
      ExportTraceServiceRequest request, long offset, Map<String, Integer> spansByTrace) {
    ExportTraceServiceRequest.Builder out = request.toBuilder();
    for (ResourceSpans.Builder rs : out.getResourceSpansBuilderList()) {
      for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
        for (Span.Builder s : ss.getSpansBuilderList()) {
          s.setStartTimeUnixNano(s.getStartTimeUnixNano() + offset)
              .setEndTimeUnixNano(s.getEndTimeUnixNano() + offset);
          for (Span.Event.Builder e : s.getEventsBuilderList()) {
            e.setTimeUnixNano(e.getTimeUnixNano() + offset);
          }
          spansByTrace.merge(
              HexFormat.of().formatHex(s.getTraceId().toByteArray()), 1, Integer::sum);
        }
      }
    }
    return out.build();
  }

  private static BigDecimal decimal(JsonNode n) {
    return n == null || n.isNull() ? null : n.decimalValue();
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
