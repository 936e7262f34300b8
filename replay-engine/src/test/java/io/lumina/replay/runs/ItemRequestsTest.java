package io.lumina.replay.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.api.replay.RunStatus;
import io.lumina.replay.providers.ChatMessage;
import io.lumina.replay.providers.ChatRequest;
import io.lumina.storage.replay.ReplayRun;
import io.lumina.storage.replay.RunItem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ItemRequestsTest {
  private static final String MESSAGES =
      """
      [{"role":"system","content":"You are terse."},{"role":"user","content":"Capital of France?"},
       {"role":"assistant","content":"Paris."},{"role":"user","content":"And of Italy?"}]""";

  private static RunItem item(String messages, String prompt, String system, String model) {
    return new RunItem(
        0, "t", "s", model, "openai", prompt, messages, system, 0.2, 100L, "Rome.", 10L, 2L, null,
        120.0);
  }

  private static ReplayRun run(String model, String system, String template, Double temperature) {
    return new ReplayRun(
        "run_0123456789abcdef",
        "default",
        "replay_0123456789abcdef",
        RunStatus.RUNNING,
        "openai",
        model,
        system,
        template,
        temperature,
        null,
        "text",
        1,
        0,
        null,
        Instant.EPOCH,
        null,
        null);
  }

  @Test
  void keepsTheCapturedCallWhenNothingIsOverridden() {
    ChatRequest r =
        ItemRequests.build(
            item(MESSAGES, "And of Italy?", null, "gpt-4o"),
            run(null, null, null, null),
            "fallback",
            Duration.ofSeconds(1));
    assertThat(r.model()).isEqualTo("gpt-4o");
    assertThat(r.system()).isEqualTo("You are terse.");
    assertThat(r.messages())
        .containsExactly(
            new ChatMessage("user", "Capital of France?"),
            new ChatMessage("assistant", "Paris."),
            new ChatMessage("user", "And of Italy?"));
    assertThat(r.temperature()).isEqualTo(0.2);
    assertThat(r.maxTokens()).isEqualTo(100L);
  }

  @Test
  void overridesModelSystemTemplateAndTemperature() {
    ChatRequest r =
        ItemRequests.build(
            item(MESSAGES, "And of Italy?", "captured system", "gpt-4o"),
            run(
                "gpt-4o-mini",
                "Answer in French.",
                "Question: {{prompt}}\nAnswer in one word.",
                0.0),
            "fallback",
            Duration.ofSeconds(1));
    assertThat(r.model()).isEqualTo("gpt-4o-mini");
    assertThat(r.system()).isEqualTo("Answer in French.");
    assertThat(r.messages().getLast().content())
        .isEqualTo("Question: And of Italy?\nAnswer in one word.");
    assertThat(r.messages().getFirst().content()).isEqualTo("Capital of France?");
    assertThat(r.temperature()).isEqualTo(0.0);
  }

  @Test
  void plainPromptBecomesOneUserMessageAndEmptySystemRemovesIt() {
    ChatRequest r =
        ItemRequests.build(
            item(null, "Summarize: x", "captured", null),
            run(null, "", null, null),
            "provider-default",
            Duration.ofSeconds(1));
    assertThat(r.messages()).containsExactly(new ChatMessage("user", "Summarize: x"));
    assertThat(r.system()).isNull();
    assertThat(r.model()).isEqualTo("provider-default");
  }

  @Test
  void noModelAnywhereIsAnItemError() {
    assertThatThrownBy(
            () ->
                ItemRequests.build(
                    item(null, "x", null, null),
                    run(null, null, null, null),
                    null,
                    Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no model");
  }
}
