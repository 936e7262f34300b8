package io.lumina.query;

import static io.lumina.query.Lumina.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.UnpricedReason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * What the API says about counting and pricing: which spans totals count ({@code usageRole}), and
 * why an unpriced call has no cost ({@code unpricedReason}), on the trace, the span list, the
 * analytics, the model list and the export.
 */
class CountedUsageIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final Instant HOUR =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(40, ChronoUnit.HOURS);
  static final String RANGE =
      "from=" + enc(HOUR.toString()) + "&to=" + enc(HOUR.plus(1, ChronoUnit.HOURS).toString());

  /** A call that nothing can price for {@code reason}, and the model it names (or null). */
  record Unpriced(Map<String, Object> attributes, String model) {
    static Unpriced of(UnpricedReason reason) {
      Map<String, Object> a = new HashMap<>();
      String model =
          switch (reason) {
            case NO_TOKENS -> "gpt-4o-mini";
            case ONLY_TOTAL_TOKENS -> {
              a.put("gen_ai.usage.total_tokens", 90L);
              yield "gpt-4o-mini";
            }
            case NO_MODEL -> {
              a.put("gen_ai.usage.input_tokens", 10L);
              a.put("gen_ai.usage.output_tokens", 5L);
              yield null;
            }
            case UNKNOWN_MODEL -> {
              a.put("gen_ai.usage.input_tokens", 10L);
              a.put("gen_ai.usage.output_tokens", 5L);
              yield "house-model-" + RUN;
            }
          };
      if (model != null) {
        a.put("gen_ai.request.model", model);
      }
      return new Unpriced(a, model);
    }
  }

  @ParameterizedTest
  @EnumSource(UnpricedReason.class)
  void anUnpricedCallSaysWhyEverywhereTheApiShowsIt(UnpricedReason reason) throws Exception {
    Lumina lumina = Lumina.get();
    String service = "unpriced-" + reason.wireName().replace('_', '-') + "-" + RUN;
    Unpriced call = Unpriced.of(reason);
    TestSpans.Span span =
        TestSpans.root("call", service, HOUR.plusSeconds(60), 100, call.attributes());
    lumina.sendAndAwait(List.of(span));

    JsonNode stored = lumina.ok("/api/traces/" + span.traceId()).get("spans").get(0);
    assertThat(stored.get("unpriced").asBoolean()).isTrue();
    assertThat(stored.get("pricingSource").asString()).isEqualTo("UNPRICED");
    assertThat(stored.get("unpricedReason").asString()).isEqualTo(reason.wireName());
    assertThat(stored.get("usageRole").asString()).isEqualTo("call");

    JsonNode row = lumina.ok("/api/spans?service=" + enc(service) + "&" + RANGE).get("spans");
    assertThat(row).hasSize(1);
    assertThat(row.get(0).get("unpricedReason").asString()).isEqualTo(reason.wireName());

    JsonNode totals =
        lumina.ok("/api/analytics/cost?service=" + enc(service) + "&" + RANGE).get("totals");
    assertThat(totals.get("unpricedCount").asLong()).isEqualTo(1);
    assertThat(totals.get("unpricedReasons").properties())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo(reason.wireName());
              assertThat(e.getValue().asLong()).isEqualTo(1);
            });

    if (reason == UnpricedReason.UNKNOWN_MODEL) {
      JsonNode model = model(lumina.ok("/api/models?" + RANGE), call.model());
      assertThat(model.get("priced").asBoolean()).isFalse();
      assertThat(model.get("unpricedReasons").get("unknown_model").asLong()).isEqualTo(1);
    }
  }

  @Test
  void aSpanRepeatingItsChildsUsageKeepsItButIsNotCounted() throws Exception {
    Lumina lumina = Lumina.get();
    String service = "aggregate-" + RUN;
    Instant start = HOUR.plusSeconds(600);
    TestSpans.Span outer =
        TestSpans.root(
            "ai.generateText",
            service,
            start,
            900,
            Map.of(
                "ai.operationId", "ai.generateText",
                "ai.model.id", "gpt-4o",
                "ai.model.provider", "openai.chat",
                "ai.usage.inputTokens", 1200L,
                "ai.usage.outputTokens", 80L));
    TestSpans.Span step =
        outer.child(
            "ai.generateText.doGenerate",
            start.plusMillis(5),
            850,
            Map.of(
                "ai.operationId", "ai.generateText.doGenerate",
                "ai.model.id", "gpt-4o",
                "ai.model.provider", "openai.chat",
                "gen_ai.response.model", "gpt-4o-2024-08-06",
                "ai.usage.inputTokens", 1200L,
                "ai.usage.outputTokens", 80L));
    lumina.sendAndAwait(List.of(step, outer));

    JsonNode trace = lumina.ok("/api/traces/" + outer.traceId());
    JsonNode shownOuter = trace.get("spans").get(0);
    JsonNode shownStep = shownOuter.get("children").get(0);
    assertThat(shownOuter.get("usageRole").asString()).isEqualTo("aggregate");
    assertThat(shownOuter.get("tokens").get("prompt").asLong())
        .as("the aggregate keeps what it reported")
        .isEqualTo(1200);
    assertThat(shownOuter.get("costUsd").decimalValue()).isPositive();
    assertThat(shownStep.get("usageRole").asString()).isEqualTo("call");

    JsonNode summary = trace.get("summary");
    assertThat(summary.get("llmSpanCount").asInt()).isEqualTo(1);
    assertThat(summary.get("promptTokens").asLong()).isEqualTo(1200);
    assertThat(summary.get("costUsd").decimalValue())
        .isEqualByComparingTo(shownStep.get("costUsd").decimalValue());
    assertThat(summary.get("models").valueStream().map(JsonNode::asString))
        .containsExactly("gpt-4o-2024-08-06");

    JsonNode cost =
        lumina.ok("/api/analytics/cost?groupBy=model&service=" + enc(service) + "&" + RANGE);
    assertThat(cost.get("totals").get("llmSpanCount").asLong()).isEqualTo(1);
    assertThat(cost.get("totals").get("promptTokens").asLong()).isEqualTo(1200);
    List<String> models = new ArrayList<>();
    cost.get("groups")
        .forEach(
            g -> {
              if (g.get("llmSpanCount").asLong() > 0) {
                models.add(g.get("key").asString());
              }
            });
    assertThat(models).containsExactly("gpt-4o-2024-08-06");

    String jsonl =
        lumina
            .get(
                "/api/export/traces?format=jsonl&service="
                    + enc(service)
                    + "&before="
                    + Instant.now().plus(1, ChronoUnit.DAYS).getEpochSecond())
            .body();
    List<String> roles = new ArrayList<>();
    jsonl
        .lines()
        .map(Lumina.JSON::readTree)
        .forEach(l -> roles.add(l.get("name").asString() + " " + l.get("usageRole").asString()));
    assertThat(roles)
        .containsExactlyInAnyOrder("ai.generateText aggregate", "ai.generateText.doGenerate call");
  }

  private static JsonNode model(JsonNode models, String name) {
    for (JsonNode m : models.get("models")) {
      if (m.get("model").asString().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no model " + name + " in " + models);
  }
}
