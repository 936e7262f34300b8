package io.lumina.dashboard.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RunViewTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void readsStatusProgressAndSummary() {
    RunView run = RunView.of(JSON.readTree("""
        {"id":"r1","setId":"s1","status":"RUNNING","provider":"openai","model":"gpt-4o-mini",
         "progress":{"completed":3,"total":4},"summary":{"meanSimilarity":0.82,"exactMatchRate":0.5,"nested":{}}}"""));
    assertThat(run.status()).isEqualTo("running");
    assertThat(run.finished()).isFalse();
    assertThat(run.percent()).isEqualTo("75");
    assertThat(run.summary()).extracting(RunView.Stat::label).containsExactly("mean similarity", "exact match rate");
    assertThat(RunView.of(JSON.readTree("{\"id\":\"r\",\"status\":\"completed\"}")).finished()).isTrue();
  }

  @Test
  void diffItemsSplitIntoOriginalAndReplaySides() {
    var items = RunView.items(JSON.readTree("""
        {"items":[{"position":1,"traceId":"t","original":"a b","newResponse":"a c","similarity":0.5,
          "diff":[{"op":"equal","text":"a "},{"op":"delete","text":"b"},{"op":"insert","text":"c"}]}]}"""));
    assertThat(items).hasSize(1);
    RunView.Item i = items.getFirst();
    assertThat(i.left()).extracting(RunView.Op::text).containsExactly("a ", "b");
    assertThat(i.right()).extracting(RunView.Op::text).containsExactly("a ", "c");
    assertThat(i.similarity()).isEqualTo("0.5");
  }
}
