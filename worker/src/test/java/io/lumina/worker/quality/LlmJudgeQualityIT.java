package io.lumina.worker.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.outbound.OutboundHttpClient;
import io.lumina.similarity.LlmJudgeScorer;
import io.lumina.storage.quality.QualityStore;
import io.lumina.storage.quality.QualityThresholdStore;
import io.lumina.testing.FakeLlmProvider;
import io.lumina.worker.alerts.SpanSeeder;
import io.lumina.worker.alerts.TestWorker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Quality scoring with the LLM judge through a local server speaking the Anthropic Messages
 * protocol: the judge's number lands on the span, one below the service's threshold marks it
 * degraded, an identical response needs no call, and a failing provider leaves the span unscored
 * instead of blocking the backlog.
 */
class LlmJudgeQualityIT {

  @Test
  void judgeScoresRepeatedPromptsAgainstTheirBaseline() {
    JdbcTemplate jdbc = TestWorker.jdbc();
    String service = "judge-" + UUID.randomUUID().toString().substring(0, 8);
    SpanSeeder seeder = new SpanSeeder(jdbc, "default");
    Instant now = Instant.now();
    try (FakeLlmProvider claude = FakeLlmProvider.start().requireApiKey("sk-ant-test")) {
      claude.respondWith(
          r -> FakeLlmProvider.Reply.text(r.lastUserContent().contains("sunny") ? "0.15" : "0.9"));
      LlmJudgeScorer judge =
          new LlmJudgeScorer(
              LlmJudgeScorer.Protocol.ANTHROPIC,
              claude.baseUrl(),
              "sk-ant-test",
              "claude-haiku-4-5",
              Duration.ofSeconds(5),
              TestWorker.bean(OutboundHttpClient.class));
      QualityProperties settings = TestWorker.bean(QualityProperties.class);
      ResponseQualityScorer scorer =
          new ResponseQualityScorer(
              TestWorker.bean(QualityStore.class),
              TestWorker.bean(QualityThresholdStore.class),
              new QualityScorerConfiguration.QualityScorer(judge),
              settings,
              TestWorker.clock(),
              new SimpleMeterRegistry());

      // this service is stricter than the default 0.5: 0.9 is already degraded
      jdbc.update(
          "INSERT INTO quality_thresholds (project_id, service_name, degraded_below) VALUES ('default', ?, 0.95)",
          service);
      String prompt = "Will it rain in Paris tomorrow? " + service;
      seeder.traces(
          List.of(
              SpanSeeder.Call.answer(
                  service, now.minusSeconds(40), prompt, "Yes, expect rain in Paris tomorrow."),
              SpanSeeder.Call.answer(
                  service, now.minusSeconds(30), prompt, "Yes,  expect rain in Paris tomorrow."),
              SpanSeeder.Call.answer(
                  service, now.minusSeconds(20), prompt, "Rain is likely in Paris tomorrow."),
              SpanSeeder.Call.answer(
                  service, now.minusSeconds(10), prompt, "No, it will be sunny all day.")));
      drain(scorer);

      List<Map<String, Object>> spans =
          jdbc.queryForList(
              """
          SELECT response, similarity, scorer, status, prompt_hash, response_hash FROM spans
          WHERE service_name = ? AND is_llm ORDER BY start_time""",
              service);
      assertThat(spans).extracting(s -> s.get("similarity")).containsExactly(null, 1.0, 0.9, 0.15);
      assertThat(spans)
          .extracting(s -> s.get("status"))
          .containsExactly("ok", "ok", "degraded", "degraded");
      assertThat(spans)
          .extracting(s -> s.get("prompt_hash"))
          .allMatch(h -> h != null && h.equals(spans.get(0).get("prompt_hash")));
      assertThat(spans.get(1).get("response_hash"))
          .as("whitespace does not change the normalized hash")
          .isEqualTo(spans.get(0).get("response_hash"));
      assertThat(claude.requests()).as("the identical answer needed no judge call").hasSize(2);
      assertThat(claude.requests().getFirst().protocol())
          .isEqualTo(FakeLlmProvider.Protocol.ANTHROPIC);
      assertThat(claude.requests().getFirst().model()).isEqualTo("claude-haiku-4-5");

      // the provider fails: the span is recorded as not scorable, and the backlog moves on
      claude.respondWith(r -> FakeLlmProvider.Reply.error(529, "overloaded"));
      seeder.trace(SpanSeeder.Call.answer(service, now.minusSeconds(5), prompt, "Maybe."));
      drain(scorer);
      Map<String, Object> failed =
          jdbc.queryForMap(
              """
          SELECT similarity, scorer, scored_at FROM spans WHERE service_name = ? AND response = 'Maybe.'""",
              service);
      assertThat(failed.get("similarity")).isNull();
      assertThat(failed.get("scorer")).isEqualTo("llm-judge:failed");
      assertThat(failed.get("scored_at")).isNotNull();
      scorer.close();
    }
  }

  /** Scores batches until none is left; a scorer that never runs dry fails instead of hanging. */
  private static void drain(ResponseQualityScorer scorer) {
    int batches = 0;
    while (scorer.scoreBatch() > 0) {
      assertThat(++batches).as("batches scored before the backlog ran dry").isLessThan(100);
    }
  }
}
