package io.lumina.query;

import static io.lumina.query.Lumina.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.query.search.FilterParser;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Every filter of the trace and span lists, on traces stored as the worker stores them. */
class SearchIT {
  static Lumina lumina;
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String SVC_A = "search-a-" + RUN;
  static final String SVC_B = "search-b-" + RUN;
  static final Instant BASE =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
  static final String WINDOW =
      "from=" + BASE.getEpochSecond() + "&to=" + enc(BASE.plus(1, ChronoUnit.HOURS).toString());

  static TestSpans.Span ragRoot;
  static TestSpans.Span ragLlm;
  static TestSpans.Span claude;
  static TestSpans.Span unpriced;
  static TestSpans.Span health;

  @BeforeAll
  static void send() throws Exception {
    lumina = Lumina.get();
    ragRoot =
        TestSpans.root(
            "rag_pipeline",
            SVC_A,
            BASE.plusSeconds(60),
            1200,
            Map.of("customer", "acme", "tier", 3L));
    ragLlm =
        ragRoot.child(
            "chat gpt-4o-mini",
            BASE.plusSeconds(60).plusMillis(100),
            900,
            Map.of(
                "gen_ai.provider.name",
                "openai",
                "gen_ai.request.model",
                "gpt-4o-mini",
                "gen_ai.usage.input_tokens",
                100L,
                "gen_ai.usage.output_tokens",
                50L,
                "gen_ai.prompt",
                "What is the capital of France?",
                "gen_ai.completion",
                "Paris, 100% sure_",
                "user.id",
                "u1-" + RUN,
                "session.id",
                "s1-" + RUN));
    claude =
        TestSpans.llm(
                SVC_B,
                "claude-sonnet-4-5",
                "anthropic",
                BASE.plusSeconds(120),
                3000,
                2000,
                500,
                Map.of(
                    "gen_ai.prompt",
                    "Summarize the quarterly report",
                    "gen_ai.completion",
                    "Revenue grew.",
                    "user.id",
                    "u2-" + RUN))
            .withError()
            .withResource(Map.of("deployment.environment", "prod-" + RUN));
    unpriced =
        TestSpans.llm(
            SVC_A,
            "mystery-model-x",
            "acme-ai",
            BASE.plusSeconds(180),
            100,
            10,
            10,
            Map.of("user.id", "u1-" + RUN));
    health = TestSpans.root("healthcheck", SVC_B, BASE.plusSeconds(240), 5, Map.of("flag", true));
    lumina.sendAndAwait(List.of(ragRoot, ragLlm, claude, unpriced, health));
  }

  static Set<String> traces(String filter) throws Exception {
    JsonNode page =
        lumina.ok("/api/traces?" + WINDOW + "&limit=1000" + (filter.isEmpty() ? "" : "&" + filter));
    Set<String> ids = new HashSet<>(page.get("traces").findValuesAsString("traceId"));
    assertThat(page.get("nextCursor").isNull()).isTrue();
    return ids;
  }

  static List<String> spans(String filter) throws Exception {
    JsonNode page =
        lumina.ok("/api/spans?" + WINDOW + "&limit=1000" + (filter.isEmpty() ? "" : "&" + filter));
    List<String> ids = new ArrayList<>();
    page.get("spans").forEach(s -> ids.add(s.get("spanId").asString()));
    return ids;
  }

  @Test
  void theWindowHoldsExactlyTheseTraces() throws Exception {
    assertThat(traces(""))
        .containsExactlyInAnyOrder(
            ragRoot.traceId(), claude.traceId(), unpriced.traceId(), health.traceId());
  }

  @Test
  void serviceFiltersTheRootServiceForTracesAndEachSpanForSpans() throws Exception {
    assertThat(traces("service=" + SVC_A))
        .containsExactlyInAnyOrder(ragRoot.traceId(), unpriced.traceId());
    assertThat(spans("service=" + SVC_B))
        .containsExactlyInAnyOrder(claude.spanId(), health.spanId());
  }

  @Test
  void modelAndProvider() throws Exception {
    assertThat(traces("model=gpt-4o-mini")).containsExactly(ragRoot.traceId());
    assertThat(spans("model=gpt-4o-mini")).containsExactly(ragLlm.spanId());
    assertThat(traces("provider=anthropic")).containsExactly(claude.traceId());
    assertThat(spans("provider=acme-ai")).containsExactly(unpriced.spanId());
  }

  @Test
  void statusUserSessionAndName() throws Exception {
    assertThat(traces("status=error")).containsExactly(claude.traceId());
    assertThat(spans("status=ok")).doesNotContain(claude.spanId()).contains(ragLlm.spanId());
    assertThat(traces("userId=u1-" + RUN))
        .containsExactlyInAnyOrder(ragRoot.traceId(), unpriced.traceId());
    assertThat(spans("userId=u2-" + RUN)).containsExactly(claude.spanId());
    assertThat(traces("sessionId=s1-" + RUN)).containsExactly(ragRoot.traceId());
    assertThat(traces("name=rag_pipeline")).containsExactly(ragRoot.traceId());
    assertThat(spans("name=" + enc("chat gpt-4o-mini"))).containsExactly(ragLlm.spanId());
  }

  @Test
  void costAndLatencyRanges() throws Exception {
    // claude-sonnet-4-5 at catalog prices costs far more than gpt-4o-mini's 150 tokens
    assertThat(traces("minCost=0.001")).containsExactly(claude.traceId());
    assertThat(traces("maxCost=0.001")).containsExactly(ragRoot.traceId());
    assertThat(spans("minCost=0&maxCost=0.001")).containsExactly(ragLlm.spanId());
    assertThat(traces("minLatencyMs=1000"))
        .containsExactlyInAnyOrder(ragRoot.traceId(), claude.traceId());
    assertThat(spans("maxLatencyMs=100"))
        .containsExactlyInAnyOrder(unpriced.spanId(), health.spanId());
    assertThat(spans("minLatencyMs=800&maxLatencyMs=1000")).containsExactly(ragLlm.spanId());
  }

  @Test
  void timeRangeAsIsoOrEpochAndTheArchivalBefore() throws Exception {
    String from = "from=" + enc(BASE.toString());
    String to = "to=" + (BASE.getEpochSecond() + 150);
    JsonNode page = lumina.ok("/api/traces?" + from + "&" + to);
    assertThat(page.get("traces").findValuesAsString("traceId"))
        .containsExactlyInAnyOrder(ragRoot.traceId(), claude.traceId());
    JsonNode before =
        lumina.ok(
            "/api/traces?from="
                + BASE.getEpochSecond()
                + "&before="
                + (BASE.getEpochSecond() + 90));
    assertThat(before.get("traces").findValuesAsString("traceId"))
        .containsExactly(ragRoot.traceId());
    JsonNode day =
        lumina.ok("/api/spans?service=" + SVC_B + "&from=" + BASE.toString().substring(0, 10));
    assertThat(day.get("spans").findValuesAsString("spanId"))
        .contains(claude.spanId(), health.spanId());
  }

  @Test
  void attributeFiltersMatchSpanAndResourceAttributesWithTheirTypes() throws Exception {
    assertThat(traces("attr.customer=acme")).containsExactly(ragRoot.traceId());
    assertThat(traces("attr.tier=3")).containsExactly(ragRoot.traceId());
    assertThat(traces("attr.flag=true")).containsExactly(health.traceId());
    assertThat(spans("attr.deployment.environment=prod-" + RUN)).containsExactly(claude.spanId());
    assertThat(spans("attr.gen_ai.request.model=gpt-4o-mini&attr.user.id=u1-" + RUN))
        .containsExactly(ragLlm.spanId());
    assertThat(traces("attr.customer=nobody")).isEmpty();
  }

  @Test
  void freeTextMatchesWholeWordsOfPromptAndResponseInAnyCaseAndOrder() throws Exception {
    assertThat(traces("q=capital+of+FRANCE")).containsExactly(ragRoot.traceId());
    assertThat(traces("q=france+CAPITAL")).containsExactly(ragRoot.traceId());
    assertThat(spans("q=revenue")).containsExactly(claude.spanId());
    assertThat(spans("q=quarterly")).containsExactly(claude.spanId());
    // whole words: a word of the text is not found by its beginning
    assertThat(spans("q=quarter")).isEmpty();
    // every word is required, one in the prompt and one in the response is enough
    assertThat(spans("q=" + enc("summarize grew"))).containsExactly(claude.spanId());
    assertThat(spans("q=" + enc("summarize paris"))).isEmpty();
    // punctuation separates words and matches nothing by itself
    assertThat(spans("q=" + enc("100% sure_"))).containsExactly(ragLlm.spanId());
    assertThat(spans("q=" + enc("%"))).isEmpty();
    assertThat(spans("q=" + enc("_"))).isEmpty();
  }

  @Test
  void sortsByTimeCostAndLatencyBothWays() throws Exception {
    assertThat(order("/api/traces?" + WINDOW))
        .containsExactly(health.traceId(), unpriced.traceId(), claude.traceId(), ragRoot.traceId());
    assertThat(order("/api/traces?" + WINDOW + "&order=asc"))
        .containsExactly(ragRoot.traceId(), claude.traceId(), unpriced.traceId(), health.traceId());
    assertThat(order("/api/traces?" + WINDOW + "&sort=latency"))
        .containsExactly(claude.traceId(), ragRoot.traceId(), unpriced.traceId(), health.traceId());
    List<String> byCost = order("/api/traces?" + WINDOW + "&sort=cost");
    assertThat(byCost.subList(0, 2)).containsExactly(claude.traceId(), ragRoot.traceId());
    List<String> cheapFirst = order("/api/traces?" + WINDOW + "&sort=cost&order=asc");
    assertThat(cheapFirst.subList(2, 4)).containsExactly(ragRoot.traceId(), claude.traceId());
  }

  @Test
  void spanRowsCarryModelTokensCostAndPreviews() throws Exception {
    JsonNode span = lumina.ok("/api/spans?" + WINDOW + "&model=gpt-4o-mini").get("spans").get(0);
    assertThat(span.get("traceId").asString()).isEqualTo(ragRoot.traceId());
    assertThat(span.get("parentSpanId").asString()).isEqualTo(ragRoot.spanId());
    assertThat(span.get("provider").asString()).isEqualTo("openai");
    assertThat(span.get("tokens").get("prompt").asLong()).isEqualTo(100);
    assertThat(span.get("tokens").get("completion").asLong()).isEqualTo(50);
    assertThat(span.get("costUsd").decimalValue()).isPositive();
    assertThat(span.get("pricingSource").asString()).isEqualTo("CATALOG");
    assertThat(span.get("promptPreview").asString()).isEqualTo("What is the capital of France?");
    JsonNode mystery =
        lumina.ok("/api/spans?" + WINDOW + "&model=mystery-model-x").get("spans").get(0);
    assertThat(mystery.get("unpriced").asBoolean()).isTrue();
    assertThat(mystery.get("costUsd").isNull()).isTrue();
  }

  /** Values that would break concatenated SQL are plain values here: 200 with no match, or 400. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "' OR '1'='1",
        "x'; DROP TABLE spans; --",
        "\\' OR 1=1 --",
        "1) OR (1=1",
        "%' OR 'a' LIKE '%",
        "\"}' ::jsonb OR true --"
      })
  void sqlInjectionInEveryFilterChangesNothing(String evil) throws Exception {
    String v = enc(evil);
    List<String> params = new ArrayList<>(FilterParser.PARAMETERS);
    params.add("attr.customer");
    params.add("attr." + v);
    for (String param : params) {
      for (String list : List.of("/api/traces", "/api/spans")) {
        Lumina.Response r = lumina.get(list + "?" + WINDOW + "&" + param + "=" + v);
        assertThat(r.status()).as(list + " " + param + " -> " + r.body()).isIn(200, 400);
        if (r.status() == 200) {
          assertThat(r.json().get(list.equals("/api/traces") ? "traces" : "spans"))
              .as(param)
              .isEmpty();
        } else {
          assertThat(r.contentType()).startsWith("application/problem+json");
        }
      }
    }
    assertThat(traces("")).hasSize(4);
  }

  private static List<String> order(String path) throws Exception {
    List<String> ids = new ArrayList<>();
    lumina.ok(path).get("traces").forEach(t -> ids.add(t.get("traceId").asString()));
    return ids;
  }
}
