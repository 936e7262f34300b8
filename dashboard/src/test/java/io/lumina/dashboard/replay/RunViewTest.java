package io.lumina.dashboard.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RunViewTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void readsStatusProgressAndSummary() {
    RunView run =
        RunView.of(
            JSON.readTree(
                """
        {"id":"r1","setId":"s1","status":"RUNNING","provider":"openai","model":"gpt-4o-mini",
         "progress":{"completed":3,"total":4},"summary":{"meanSimilarity":0.82,"exactMatchRate":0.5,"nested":{}}}"""));
    assertThat(run.status()).isEqualTo("running");
    assertThat(run.finished()).isFalse();
    assertThat(run.percent()).isEqualTo("75");
    assertThat(run.summary())
        .extracting(RunView.Stat::label)
        .containsExactly("mean similarity", "exact match rate");
    assertThat(RunView.of(JSON.readTree("{\"id\":\"r\",\"status\":\"completed\"}")).finished())
        .isTrue();
  }

  @Test
  void diffItemsSplitIntoOriginalAndReplaySides() {
    var items =
        RunView.items(
            JSON.readTree(
                """
        {"items":[{"position":1,"traceId":"t","original":"a b","newResponse":"a c","similarity":0.5,
          "diff":[{"op":"equal","text":"a "},{"op":"delete","text":"b"},{"op":"insert","text":"c"}]}]}"""));
    assertThat(items).hasSize(1);
    RunView.Item i = items.getFirst();
    assertThat(i.left()).extracting(RunView.Op::text).containsExactly("a ", "b");
    assertThat(i.right()).extracting(RunView.Op::text).containsExactly("a ", "c");
    assertThat(i.similarity()).isEqualTo("0.5");
  }

  @Test
  void figuresAreRoundedAndSigned() {
    var items =
        RunView.items(
            JSON.readTree(
                """
        {"items":[{"position":0,"similarity":0.0445435403187374,"cost":{"deltaUsd":-0.0026235},
          "latency":{"deltaMs":-1954.105059}}]}"""));
    RunView.Item i = items.getFirst();
    assertThat(i.similarity()).isEqualTo("0.0445");
    assertThat(i.costDelta()).isEqualTo("-$0.002624");
    assertThat(i.latencyDelta()).isEqualTo("-1954");
    assertThat(RunView.usd(0.5)).isEqualTo("+$0.5");
    assertThat(RunView.signed(12.25, "%")).isEqualTo("+12.25%");
    RunView run =
        RunView.of(
            JSON.readTree(
                """
        {"id":"r","status":"completed","summary":{"meanSimilarity":0.014791,"cost":{"totalChangeUsd":-0.0141672,
          "totalChangePercent":-99.85},"latency":{"meanChangeMs":-1447.782}}}"""));
    assertThat(run.summary())
        .extracting(RunView.Stat::value)
        .containsExactly("0.0148", "-$0.01417", "-99.85%", "-1448 ms");
  }
}
