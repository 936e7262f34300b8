package io.lumina.dashboard.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.replay.DiffView;
import io.lumina.api.replay.RunView;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run page from the engine's JSON, read into the shared records as {@code ReplayClient} does.
 */
class RunPageTest {
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private static RunPage run(String json) {
    return RunPage.of(JSON.readValue(json, RunView.class));
  }

  private static java.util.List<RunPage.Item> items(String json) {
    return RunPage.items(JSON.readValue(json, DiffView.class));
  }

  @Test
  void readsStatusProgressAndSummary() {
    RunPage run =
        run(
            """
        {"id":"r1","setId":"s1","status":"running","provider":"openai","model":"gpt-4o-mini",
         "progress":{"done":3,"total":4},"summary":{"meanSimilarity":0.82,"exactMatchRate":0.5,"nested":{}}}""");
    assertThat(run.status()).isEqualTo("running");
    assertThat(run.finished()).isFalse();
    assertThat(run.percent()).isEqualTo("75");
    assertThat(run.summary())
        .extracting(RunPage.Stat::label)
        .startsWith("mean similarity", "exact match rate")
        .containsExactly(
            "mean similarity",
            "exact match rate",
            "changed count",
            "failed count",
            "regression count",
            "regression threshold");
    assertThat(run.summary()).extracting(RunPage.Stat::value).startsWith("0.82", "0.5");
    assertThat(run("{\"id\":\"r\",\"status\":\"completed\"}").finished()).isTrue();
    assertThat(run("{\"id\":\"r\",\"status\":\"cancelled\"}").finished()).isTrue();
  }

  @Test
  void diffItemsSplitIntoOriginalAndReplaySides() {
    var items =
        items(
            """
        {"items":[{"position":1,"traceId":"t","originalResponse":"a b","newResponse":"a c","similarity":0.5,
          "diff":[{"op":"equal","text":"a "},{"op":"delete","text":"b"},{"op":"insert","text":"c"}]}]}""");
    assertThat(items).hasSize(1);
    RunPage.Item i = items.getFirst();
    assertThat(i.original()).isEqualTo("a b");
    assertThat(i.replayed()).isEqualTo("a c");
    assertThat(i.left()).extracting(RunPage.Op::text).containsExactly("a ", "b");
    assertThat(i.right()).extracting(RunPage.Op::text).containsExactly("a ", "c");
    assertThat(i.similarity()).isEqualTo("0.5");
  }

  @Test
  void figuresAreRoundedAndSigned() {
    var items =
        items(
            """
        {"items":[{"position":0,"similarity":0.0445435403187374,"cost":{"deltaUsd":-0.0026235},
          "latency":{"originalMs":2000,"deltaMs":-1954.105059}}]}""");
    RunPage.Item i = items.getFirst();
    assertThat(i.similarity()).isEqualTo("0.0445");
    assertThat(i.costDelta()).isEqualTo("-$0.002624");
    assertThat(i.latencyDelta()).isEqualTo("-1954");
    assertThat(RunPage.usd(0.5)).isEqualTo("+$0.5");
    assertThat(RunPage.signed(12.25, "%")).isEqualTo("+12.25%");
    RunPage run =
        run(
            """
        {"id":"r","status":"completed","summary":{"meanSimilarity":0.014791,"cost":{"totalChangeUsd":-0.0141672,
          "totalChangePercent":-99.85},"latency":{"meanChangeMs":-1447.782}}}""");
    assertThat(run.summary())
        .filteredOn(s -> !s.label().contains("count") && !s.label().contains("rate"))
        .filteredOn(s -> !s.label().contains("threshold"))
        .extracting(RunPage.Stat::value)
        .containsExactly("0.0148", "-$0.01417", "-99.85%", "-1448 ms");
  }
}
