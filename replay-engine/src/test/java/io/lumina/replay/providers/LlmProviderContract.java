package io.lumina.replay.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.outbound.HostResolver;
import io.lumina.outbound.OutboundAllowList;
import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundPolicy;
import io.lumina.testing.FakeLlmProvider;
import io.lumina.testing.FakeLlmProvider.Reply;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LlmProvider} must do, run against a local server speaking its protocol: send
 * the model, system prompt, messages and parameters; read text, model and usage; turn 401, 500, 429
 * (with Retry-After), timeouts and refused connections into the right {@link
 * ProviderCallException}; never put the key in an error message.
 */
abstract class LlmProviderContract {
  static final String KEY = "sk-test-CONTRACT-0123456789";
  static FakeLlmProvider fake;

  /** The fake listens on 127.0.0.1, which the operator allow-list must name. */
  static final OutboundHttpClient http =
      new OutboundHttpClient(
          new OutboundPolicy(new OutboundAllowList(List.of("127.0.0.1")), HostResolver.SYSTEM),
          1024 * 1024);

  @BeforeAll
  static void startFake() {
    fake = FakeLlmProvider.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void resetFake() {
    fake.reset();
    fake.requireApiKey(KEY);
  }

  abstract ReplayProperties.ProviderType type();

  abstract String baseUrl(FakeLlmProvider server);

  abstract FakeLlmProvider.Protocol protocol();

  LlmProvider provider(String baseUrl, String key) {
    ReplayProperties.Provider settings =
        new ReplayProperties.Provider(
            type(), URI.create(baseUrl), key, "default-model", null, null, null);
    return new LlmProviders(
            new ReplayProperties(
                2,
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(10),
                Duration.ofSeconds(5),
                100,
                0.8,
                null,
                java.util.Map.of("p", settings)),
            http,
            Clock.systemUTC())
        .find("p")
        .orElseThrow();
  }

  LlmProvider provider() {
    return provider(baseUrl(fake), KEY);
  }

  static ChatRequest request(Duration timeout) {
    return new ChatRequest(
        "model-x",
        "Be brief.",
        List.of(new ChatMessage("user", "What is the capital of France?")),
        0.3,
        50L,
        timeout);
  }

  @Test
  void sendsTheRequestAndReadsTextModelAndUsage() throws Exception {
    fake.enqueue(Reply.text("Paris.", 12, 3).answeredBy("model-x-2026-01-01"));
    ChatResult result = provider().complete(request(Duration.ofSeconds(5)));

    assertThat(result.text()).isEqualTo("Paris.");
    assertThat(result.model()).isEqualTo("model-x-2026-01-01");
    assertThat(result.usage().input()).isEqualTo(12);
    assertThat(result.usage().output()).isEqualTo(3);
    FakeLlmProvider.Request sent = fake.requests().getFirst();
    assertThat(sent.protocol()).isEqualTo(protocol());
    assertThat(sent.model()).isEqualTo("model-x");
    assertThat(sent.system()).isEqualTo("Be brief.");
    assertThat(sent.lastUserContent()).isEqualTo("What is the capital of France?");
    assertThat(sent.body().path("temperature").asDouble()).isEqualTo(0.3);
  }

  @Test
  void wrongKeyIsAClientErrorWithoutTheKey() {
    assertThatThrownBy(
            () ->
                provider(baseUrl(fake), "sk-wrong-key-000000000000")
                    .complete(request(Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            ProviderCallException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.CLIENT_ERROR);
              assertThat(e.httpStatus()).isEqualTo(401);
              assertThat(e.getMessage())
                  .contains("invalid api key")
                  .doesNotContain("wrong-key-0000");
            });
  }

  @Test
  void serverErrorIsRetryable() {
    fake.enqueue(Reply.error(500, "overloaded"));
    assertThatThrownBy(() -> provider().complete(request(Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            ProviderCallException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.SERVER_ERROR);
              assertThat(e.kind().retryable()).isTrue();
              assertThat(e.getMessage()).contains("500").contains("overloaded");
            });
  }

  @Test
  void rateLimitCarriesRetryAfter() {
    fake.enqueue(Reply.rateLimited(7));
    assertThatThrownBy(() -> provider().complete(request(Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            ProviderCallException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.RATE_LIMITED);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            });
  }

  @Test
  void slowAnswerIsATimeout() {
    fake.enqueue(Reply.text("late").after(Duration.ofSeconds(3)));
    assertThatThrownBy(() -> provider().complete(request(Duration.ofMillis(200))))
        .isInstanceOfSatisfying(
            ProviderCallException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.TIMEOUT));
  }

  @Test
  void refusedConnectionIsUnreachable() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String base = baseUrl(fake).replaceFirst(":\\d+", ":" + closedPort);
    assertThatThrownBy(() -> provider(base, KEY).complete(request(Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            ProviderCallException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.UNREACHABLE));
  }

  @Test
  void checkDoesNotCallTheProviderAndNeverShowsTheKey() {
    LlmProvider.Check check = provider().check();
    assertThat(check.up()).isTrue();
    assertThat(check.detail()).contains("key configured").doesNotContain(KEY);
    assertThat(fake.requests()).isEmpty();
  }
}
