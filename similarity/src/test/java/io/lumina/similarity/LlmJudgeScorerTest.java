package io.lumina.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LLM judge against a local server speaking the Anthropic Messages protocol. The fake "model"
 * reads the two answers out of the prompt and rates them with the offline text scorer, so the
 * contract's symmetry and range checks exercise the real request and parsing path.
 */
class LlmJudgeScorerTest extends SimilarityScorerContract {
  private static final Pattern ANSWERS =
      Pattern.compile(
          "Answer A:\\n<<<\\n(.*)\\n>>>\\n\\nAnswer B:\\n<<<\\n(.*)\\n>>>", Pattern.DOTALL);
  private static LocalJsonServer anthropic;

  @BeforeAll
  static void start() throws Exception {
    anthropic = new LocalJsonServer(LlmJudgeScorerTest::fakeClaude);
  }

  @AfterAll
  static void stop() {
    anthropic.close();
  }

  static LocalJsonServer.Answer fakeClaude(LocalJsonServer.Request request) {
    if (!request.path().equals("/v1/messages")
        || !"test-key".equals(request.headers().get("x-api-key"))
        || request.headers().get("anthropic-version") == null) {
      return new LocalJsonServer.Answer(
          401,
          "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
    }
    String question = request.body().path("messages").path(0).path("content").asString();
    Matcher m = ANSWERS.matcher(question);
    String score =
        m.find()
            ? String.format(
                Locale.ROOT, "%.2f", new TextSimilarityScorer().score(m.group(1), m.group(2)))
            : "I cannot tell";
    return new LocalJsonServer.Answer(
        200,
        """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",
         "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn",
         "usage":{"input_tokens":50,"output_tokens":2}}"""
            .formatted(score));
  }

  @Override
  protected SimilarityScorer scorer() {
    return judge("test-key");
  }

  private static LlmJudgeScorer judge(String key) {
    return new LlmJudgeScorer(
        LlmJudgeScorer.Protocol.ANTHROPIC,
        anthropic.baseUrl(),
        key,
        "claude-haiku-4-5",
        Duration.ofSeconds(5),
        LocalJsonServer.CLIENT);
  }

  @Test
  void sendsAnAnthropicMessagesRequestAndParsesTheScore() {
    anthropic.requests.clear();
    double score =
        judge("test-key")
            .score("The capital of France is Paris.", "Paris is the capital of France.");
    assertThat(score).isBetween(0.5, 0.99);
    assertThat(anthropic.requests).hasSize(1);
    LocalJsonServer.Request sent = anthropic.requests.getFirst();
    assertThat(sent.headers())
        .containsEntry("anthropic-version", "2023-06-01")
        .containsEntry("x-api-key", "test-key");
    assertThat(sent.body().path("model").asString()).isEqualTo("claude-haiku-4-5");
    assertThat(sent.body().path("system").asString()).contains("similar they are in meaning");
    assertThat(sent.body().path("temperature").asInt()).isZero();
    assertThat(sent.body().path("max_tokens").asInt()).isPositive();
  }

  @Test
  void meaningChangeScoresLow() {
    assertThat(
            judge("test-key")
                .score("The capital of France is Paris.", "I cannot help with that request."))
        .isLessThan(0.3);
  }

  @Test
  void identicalOrOneEmptyNeedsNoCall() {
    anthropic.requests.clear();
    LlmJudgeScorer judge = judge("test-key");
    assertThat(judge.score("  Paris ", "Paris")).isEqualTo(1.0);
    assertThat(judge.score("", "Paris")).isEqualTo(0.0);
    assertThat(anthropic.requests).isEmpty();
  }

  @Test
  void providerErrorBecomesScoringExceptionAndCheckReportsIt() {
    LlmJudgeScorer judge = judge("wrong-key");
    assertThatThrownBy(() -> judge.score("a b", "c d"))
        .isInstanceOf(SimilarityScorer.ScoringException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("invalid x-api-key")
        .hasMessageNotContaining("wrong-key");
    assertThat(judge.check().up()).isFalse();
  }

  @Test
  void answerWithoutANumberIsAFailureNotAGuess() throws Exception {
    try (LocalJsonServer rambling =
        new LocalJsonServer(
            r ->
                new LocalJsonServer.Answer(
                    200,
                    "{\"content\":[{\"type\":\"text\",\"text\":\"They are quite alike.\"}]}"))) {
      LlmJudgeScorer judge =
          new LlmJudgeScorer(
              LlmJudgeScorer.Protocol.ANTHROPIC,
              rambling.baseUrl(),
              "k",
              "m",
              Duration.ofSeconds(5),
              LocalJsonServer.CLIENT);
      assertThatThrownBy(() -> judge.score("a b", "c d"))
          .isInstanceOf(SimilarityScorer.ScoringException.class)
          .hasMessageContaining("without a score");
    }
  }

  @Test
  void unreachableProviderFailsWithinTheTimeout() {
    LlmJudgeScorer judge =
        new LlmJudgeScorer(
            LlmJudgeScorer.Protocol.ANTHROPIC,
            "http://127.0.0.1:1",
            "k",
            "m",
            Duration.ofSeconds(2),
            LocalJsonServer.CLIENT);
    assertThatThrownBy(() -> judge.score("a b", "c d"))
        .isInstanceOf(SimilarityScorer.ScoringException.class)
        .hasMessageContaining("cannot reach");
  }

  @Test
  void speaksOpenAiCompatibleChatToo() throws Exception {
    try (LocalJsonServer openai =
        new LocalJsonServer(
            r ->
                new LocalJsonServer.Answer(
                    r.path().equals("/v1/chat/completions")
                            && "Bearer sk-test".equals(r.headers().get("authorization"))
                        ? 200
                        : 404,
                    "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"0.35\"}}]}"))) {
      LlmJudgeScorer judge =
          new LlmJudgeScorer(
              LlmJudgeScorer.Protocol.OPENAI,
              openai.baseUrl() + "/v1",
              "sk-test",
              "gpt-4o-mini",
              Duration.ofSeconds(5),
              LocalJsonServer.CLIENT);
      assertThat(judge.score("yes", "certainly")).isEqualTo(0.35);
      assertThat(openai.requests.getFirst().body().path("messages").path(0).path("role").asString())
          .isEqualTo("system");
    }
  }
}
