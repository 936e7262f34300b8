package io.lumina.replay.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.testing.FakeLlmProvider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicMessagesProviderTest extends LlmProviderContract {
  @Override
  ReplayProperties.ProviderType type() {
    return ReplayProperties.ProviderType.ANTHROPIC;
  }

  @Override
  String baseUrl(FakeLlmProvider server) {
    return server.baseUrl();
  }

  @Override
  FakeLlmProvider.Protocol protocol() {
    return FakeLlmProvider.Protocol.ANTHROPIC;
  }

  @Test
  void keyVersionSystemApartAndARequiredMaxTokens() throws Exception {
    provider()
        .complete(
            new ChatRequest(
                "claude-x",
                "Be brief.",
                List.of(new ChatMessage("user", "Hi")),
                null,
                null,
                Duration.ofSeconds(5)));
    FakeLlmProvider.Request sent = fake.requests().getFirst();
    assertThat(sent.header("x-api-key")).isEqualTo(KEY);
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.body().path("system").asString()).isEqualTo("Be brief.");
    assertThat(sent.body().path("max_tokens").asLong())
        .isEqualTo(AnthropicMessagesProvider.DEFAULT_MAX_TOKENS);
    assertThat(sent.messages()).extracting(java.util.Map.Entry::getKey).containsExactly("user");
  }

  @Test
  void turnsAlternateStartingWithTheUser() {
    assertThat(
            AnthropicMessagesProvider.alternating(
                List.of(
                    new ChatMessage("assistant", "Hello!"),
                    new ChatMessage("user", "a"),
                    new ChatMessage("tool", "b"),
                    new ChatMessage("assistant", "c"))))
        .containsExactly(new ChatMessage("user", "a\n\nb"), new ChatMessage("assistant", "c"));
  }
}
