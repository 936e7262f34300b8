package io.lumina.query;

import static io.lumina.query.Lumina.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.query.web.AggregateCache;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Analytics add up: totals, groups and series equal the sums over the stored spans. */
class AnalyticsIT {
  static Lumina lumina;
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String SERVICE = "analytics-" + RUN;
  static final Instant HOUR =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(30, ChronoUnit.HOURS);
  static final String RANGE =
      "from=" + enc(HOUR.toString()) + "&to=" + enc(HOUR.plus(3, ChronoUnit.HOURS).toString());
  static final List<TestSpans.Span> SENT = new ArrayList<>();

  @BeforeAll
  static void send() throws Exception {
    lumina = Lumina.get();
    String[][] models = {
      {"gpt-4o-mini", "openai"}, {"claude-sonnet-4-5", "anthropic"}, {"unknown-llm-9", "acme"}
    };
    for (int i = 0; i < 30; i++) {
      String[] m = models[i % 3];
      // spread over three hours; latencies 100, 200 ... 3000 ms
      Map<String, Object> extra = new HashMap<>();
      extra.put("user.id", "user-" + (i % 4) + "-" + RUN);
      if (i % 5 == 0) {
        extra.put("gen_ai.usage.cache_read.input_tokens", 40L);
      }
      SENT.add(
          TestSpans.llm(
              SERVICE,
              m[0],
              m[1],
              HOUR.plusSeconds(i * 350L),
              100L * (i + 1),
              100L + i,
              20L + i,
              extra));
    }
    lumina.sendAndAwait(SENT);
  }

  /** The spans as the API lists them: the reference the aggregates must equal. */
  static List<JsonNode> storedSpans() throws Exception {
    List<JsonNode> spans = new ArrayList<>();
    lumina.ok("/api/spans?limit=1000&service=" + SERVICE).get("spans").forEach(spans::add);
    assertThat(spans).hasSize(SENT.size());
    return spans;
  }

  static BigDecimal cost(List<JsonNode> spans) {
    return spans.stream()
        .filter(s -> !s.get("costUsd").isNull())
        .map(s -> s.get("costUsd").decimalValue())
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void costTotalsEqualTheSumOfSpanCosts() throws Exception {
    List<JsonNode> spans = storedSpans();
    JsonNode report = lumina.ok("/api/analytics/cost?service=" + SERVICE + "&" + RANGE);
    JsonNode totals = report.get("totals");
    assertThat(totals.get("costUsd").decimalValue()).isPositive().isEqualByComparingTo(cost(spans));
    assertThat(totals.get("spanCount").asLong()).isEqualTo(30);
    assertThat(totals.get("llmSpanCount").asLong()).isEqualTo(30);
    assertThat(totals.get("unpricedCount").asLong()).isEqualTo(10);
    assertThat(report.get("currency").asString()).isEqualTo("USD");
  }

  @Test
  void groupsByModelServiceProviderAndUserAddUpPerGroup() throws Exception {
    List<JsonNode> spans = storedSpans();
    for (String groupBy : List.of("model", "provider", "user", "service")) {
      JsonNode report =
          lumina.ok("/api/analytics/cost?service=" + SERVICE + "&groupBy=" + groupBy + "&" + RANGE);
      String field =
          switch (groupBy) {
            case "user" -> "userId";
            case "service" -> "service";
            default -> groupBy;
          };
      Map<String, BigDecimal> expected = new HashMap<>();
      for (JsonNode s : spans) {
        BigDecimal c =
            s.get("costUsd").isNull() ? BigDecimal.ZERO : s.get("costUsd").decimalValue();
        expected.merge(s.get(field).asString(), c, BigDecimal::add);
      }
      Map<String, BigDecimal> actual = new HashMap<>();
      BigDecimal sum = BigDecimal.ZERO;
      for (JsonNode g : report.get("groups")) {
        actual.put(g.get("key").asString(), g.get("costUsd").decimalValue());
        sum = sum.add(g.get("costUsd").decimalValue());
      }
      assertThat(actual.keySet()).as(groupBy).isEqualTo(expected.keySet());
      expected.forEach(
          (k, v) -> assertThat(actual.get(k)).as(groupBy + " " + k).isEqualByComparingTo(v));
      assertThat(sum).isEqualByComparingTo(report.get("totals").get("costUsd").decimalValue());
    }
    JsonNode byModel =
        lumina.ok("/api/analytics/cost?service=" + SERVICE + "&groupBy=model&" + RANGE);
    assertThat(byModel.get("groups").get(0).get("key").asString())
        .as("most expensive first")
        .isEqualTo("claude-sonnet-4-5");
  }

  @Test
  void timeSeriesByHourAndDaySumToTheTotals() throws Exception {
    JsonNode hourly =
        lumina.ok("/api/analytics/cost?service=" + SERVICE + "&groupBy=hour&" + RANGE);
    assertThat(hourly.get("series")).hasSize(3);
    assertThat(hourly.get("series").get(0).get("time").asString()).isEqualTo(HOUR.toString());
    long count = 0;
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode p : hourly.get("series")) {
      count += p.get("spanCount").asLong();
      sum = sum.add(p.get("costUsd").decimalValue());
    }
    assertThat(count).isEqualTo(30);
    assertThat(sum).isEqualByComparingTo(hourly.get("totals").get("costUsd").decimalValue());
    JsonNode perModelPerHour =
        lumina.ok(
            "/api/analytics/cost?service=" + SERVICE + "&groupBy=model&interval=hour&" + RANGE);
    assertThat(perModelPerHour.get("series")).hasSize(9);
    assertThat(perModelPerHour.get("interval").asString()).isEqualTo("hour");
    JsonNode daily = lumina.ok("/api/analytics/cost?service=" + SERVICE + "&interval=day&" + RANGE);
    assertThat(
            daily.get("series").findValues("spanCount").stream().mapToLong(JsonNode::asLong).sum())
        .isEqualTo(30);
  }

  @Test
  void tokensByKindEqualTheSpanTokens() throws Exception {
    List<JsonNode> spans = storedSpans();
    long prompt = spans.stream().mapToLong(s -> s.get("tokens").get("prompt").asLong()).sum();
    long completion =
        spans.stream().mapToLong(s -> s.get("tokens").get("completion").asLong()).sum();
    JsonNode tokens =
        lumina.ok("/api/analytics/tokens?service=" + SERVICE + "&groupBy=model&" + RANGE);
    assertThat(tokens.get("totals").get("prompt").asLong()).isEqualTo(prompt);
    assertThat(tokens.get("totals").get("completion").asLong()).isEqualTo(completion);
    assertThat(tokens.get("totals").get("cacheRead").asLong()).isEqualTo(6 * 40);
    assertThat(tokens.get("totals").get("total").asLong()).isEqualTo(prompt + completion);
    assertThat(tokens.get("groups")).hasSize(3);
  }

  @Test
  void latencyPercentilesFromSketches() throws Exception {
    JsonNode report = lumina.ok("/api/analytics/latency?service=" + SERVICE + "&" + RANGE);
    JsonNode g = report.get("groups").get(0);
    assertThat(g.get("key").asString()).isEqualTo(SERVICE);
    assertThat(g.get("spanCount").asLong()).isEqualTo(30);
    // latencies 100..3000 step 100: continuous percentiles, from the hourly sketches within their
    // 1% relative error (docs/api.md); count, average and maximum exact
    assertThat(g.get("p50").asDouble())
        .isCloseTo(1550.0, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(g.get("p95").asDouble())
        .isCloseTo(2855.0, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(g.get("p99").asDouble())
        .isCloseTo(2971.0, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(g.get("avg").asDouble())
        .isCloseTo(1550.0, org.assertj.core.data.Offset.offset(0.001));
    assertThat(g.get("max").asDouble()).isEqualTo(3000.0);
    JsonNode byModel =
        lumina.ok("/api/analytics/latency?groupBy=model&service=" + SERVICE + "&" + RANGE);
    assertThat(byModel.get("groups")).hasSize(3);
  }

  @Test
  void topTracesServicesAndModels() throws Exception {
    JsonNode top = lumina.ok("/api/analytics/top-traces?limit=5&" + RANGE);
    List<BigDecimal> costs = new ArrayList<>();
    top.get("traces").forEach(t -> costs.add(t.get("costUsd").decimalValue()));
    assertThat(costs).hasSize(5).isSortedAccordingTo((a, b) -> b.compareTo(a));

    JsonNode services = lumina.ok("/api/services?" + RANGE);
    JsonNode mine = null;
    for (JsonNode s : services.get("services")) {
      if (s.get("name").asString().equals(SERVICE)) {
        mine = s;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.get("spanCount").asLong()).isEqualTo(30);

    JsonNode models = lumina.ok("/api/models?" + RANGE);
    Map<String, JsonNode> byName = new HashMap<>();
    models.get("models").forEach(m -> byName.put(m.get("model").asString(), m));
    assertThat(byName.get("gpt-4o-mini").get("priced").asBoolean()).isTrue();
    assertThat(byName.get("gpt-4o-mini").get("priceSource").asString()).isEqualTo("CATALOG");
    assertThat(byName.get("gpt-4o-mini").get("price").get("input").decimalValue()).isPositive();
    assertThat(byName.get("unknown-llm-9").get("priced").asBoolean()).isFalse();
    assertThat(byName.get("unknown-llm-9").get("unpricedCount").asLong()).isEqualTo(10);
  }

  @Test
  void repeatedAggregateQueriesAreServedFromTheCache() throws Exception {
    AggregateCache cache = lumina.query.getBean(AggregateCache.class);
    String path = "/api/analytics/cost?groupBy=provider&service=" + SERVICE + "&" + RANGE;
    lumina.ok(path);
    long hits = cache.hitCount();
    JsonNode again = lumina.ok(path);
    assertThat(cache.hitCount()).isGreaterThan(hits);
    assertThat(again.get("totals").get("spanCount").asLong()).isEqualTo(30);
  }
}
