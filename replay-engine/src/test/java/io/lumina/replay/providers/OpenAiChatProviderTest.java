package io.lumina.replay.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.testing.FakeLlmProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiChatProviderTest extends LlmProviderContract {
  @Override
  ReplayProperties.ProviderType type() {
    return ReplayProperties.ProviderType.OPENAI;
  }

  @Override
  String baseUrl(FakeLlmProvider server) {
    return server.openAiBaseUrl();
  }

  @Override
  FakeLlmProvider.Protocol protocol() {
    return FakeLlmProvider.Protocol.OPENAI;
  }

  @Test
  void bearerKeySystemMessageFirstAndMaxTokens() throws Exception {
    provider().complete(request(Duration.ofSeconds(5)));
    FakeLlmProvider.Request sent = fake.requests().getFirst();
    assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
    assertThat(sent.body().path("messages").get(0).path("role").asString()).isEqualTo("system");
    assertThat(sent.body().path("max_tokens").asLong()).isEqualTo(50);
  }

  @Test
  void azureStyleSendsApiKeyHeaderAndApiVersion() throws Exception {
    ReplayProperties.Provider azure =
        new ReplayProperties.Provider(
            ReplayProperties.ProviderType.OPENAI,
            URI.create(fake.openAiBaseUrl()),
            KEY,
            null,
            "2024-10-21",
            "max_completion_tokens",
            null);
    LlmProvider provider =
        new LlmProviders(
                new ReplayProperties(
                    1,
                    Duration.ofSeconds(5),
                    1,
                    Duration.ZERO,
                    Duration.ZERO,
                    10,
                    0.8,
                    null,
                    Map.of("azure", azure)),
                http,
                Clock.systemUTC())
            .find("azure")
            .orElseThrow();
    provider.complete(request(Duration.ofSeconds(5)));
    FakeLlmProvider.Request sent = fake.requests().getFirst();
    assertThat(sent.header("api-key")).isEqualTo(KEY);
    assertThat(sent.header("authorization")).isNull();
    assertThat(sent.body().path("max_completion_tokens").asLong()).isEqualTo(50);
    assertThat(sent.body().has("max_tokens")).isFalse();
  }
}
