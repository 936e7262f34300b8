package io.lumina.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.lumina.sdk.Lumina;
import io.lumina.sdk.langchain4j.LuminaChatModelListener;
import io.lumina.testing.FakeLlmProvider;
import io.lumina.testing.FakeLlmProvider.Reply;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with the starter, Spring AI's OpenAI starter and LangChain4j, calling a
 * local OpenAI-compatible server: what reaches the exporter.
 */
class LuminaAutoConfigurationTest {

  // a new one per application: closing the application shuts its exporter down
  private static volatile InMemorySpanExporter EXPORTED;
  private static FakeLlmProvider provider;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    LuminaOptionsCustomizer inMemory() {
      return options -> options.exporter(EXPORTED);
    }
  }

  @BeforeAll
  static void startProvider() {
    provider = FakeLlmProvider.start().respondWith(r -> Reply.text("Paris.", 1200, 300));
  }

  @AfterAll
  static void stopProvider() {
    provider.close();
  }

  private static ConfigurableApplicationContext run(String... properties) {
    EXPORTED = InMemorySpanExporter.create();
    return new SpringApplicationBuilder(App.class)
        .properties(
            "spring.main.web-application-type=none",
            "spring.application.name=starter-test",
            "spring.ai.openai.api-key=test-key",
            "spring.ai.openai.base-url=" + provider.openAiBaseUrl(),
            "spring.ai.openai.chat.model=gpt-4o-mini")
        .properties(properties)
        .run();
  }

  @Test
  void aChatClientCallReachesLuminaWithModelTokensAndItsParent() {
    List<SpanData> spans;
    try (ConfigurableApplicationContext context = run()) {
      String answer =
          context
              .getBean(ChatClient.Builder.class)
              .build()
              .prompt()
              .system("Answer briefly.")
              .user("What is the capital of France?")
              .call()
              .content();
      assertThat(answer).isEqualTo("Paris.");
      spans = flushed(context);
    }

    SpanData llm = named(spans, "chat gpt-4o-mini");
    SpanData client =
        spans.stream().filter(s -> s != llm).findFirst().orElseThrow(AssertionError::new);
    assertThat(llm.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(llm.getResource().getAttribute(AttributeKey.stringKey("service.name")))
        .isEqualTo("starter-test");
    assertThat(llm.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
        .containsEntry(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o-mini")
        .containsEntry(AttributeKey.stringKey("gen_ai.response.model"), "gpt-4o-mini")
        .containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 1200L)
        .containsEntry(AttributeKey.longKey("gen_ai.usage.output_tokens"), 300L);
    assertThat(llm.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
        .contains("\"role\":\"system\"", "Answer briefly.", "What is the capital of France?");
    assertThat(llm.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")))
        .contains("Paris.");
  }

  @Test
  void aLangChain4jModelWithTheListenerBeanReachesLumina() {
    List<SpanData> spans;
    try (ConfigurableApplicationContext context = run()) {
      ChatModel model =
          OpenAiChatModel.builder()
              .baseUrl(provider.openAiBaseUrl())
              .apiKey("test-key")
              .modelName("gpt-4o-mini")
              .listeners(List.of(context.getBean(LuminaChatModelListener.class)))
              .build();
      assertThat(model.chat("What is the capital of France?")).isEqualTo("Paris.");
      spans = flushed(context);
    }

    SpanData llm = named(spans, "chat gpt-4o-mini");
    assertThat(llm.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
        .containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 1200L)
        .containsEntry(AttributeKey.longKey("gen_ai.usage.output_tokens"), 300L);
  }

  @Test
  void propertiesConfigureTheSdk() {
    try (ConfigurableApplicationContext context =
        run(
            "lumina.sdk.service-name=chat-api",
            "lumina.sdk.endpoint=http://127.0.0.1:1",
            "lumina.sdk.sampling-rate=0.25",
            "lumina.sdk.always-sample.errors=true",
            "lumina.sdk.always-sample.cost-usd-above=0.5",
            "lumina.sdk.always-sample.user-ids=vip1,vip2",
            "lumina.sdk.buffer.max-bytes=1MB")) {
      var options = context.getBean(Lumina.class).options();
      assertThat(options.serviceName()).isEqualTo("chat-api");
      assertThat(options.tracesEndpoint()).hasToString("http://127.0.0.1:1/v1/traces");
      assertThat(options.samplingRate()).isEqualTo(0.25);
      assertThat(options.alwaysSample().errors()).isTrue();
      assertThat(options.alwaysSample().costUsdAbove()).isEqualTo(0.5);
      assertThat(options.alwaysSample().userIds()).containsExactlyInAnyOrder("vip1", "vip2");
      assertThat(options.bufferMaxBytes()).isEqualTo(1024 * 1024);
    }
  }

  @Test
  void anInvalidSettingStopsTheApplicationWithTheSettingsName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("lumina.sdk.sampling-rate=1.5"))
        .rootCause()
        .hasMessageContaining("lumina.sdk")
        .hasMessageContaining("samplingRate");
  }

  @Test
  void disabledMeansNoSdk() {
    try (ConfigurableApplicationContext context = run("lumina.sdk.enabled=false")) {
      assertThat(context.getBeansOfType(Lumina.class)).isEmpty();
      assertThat(context.getBeansOfType(LuminaChatModelListener.class)).isEmpty();
    }
  }

  /** What was exported, read before the application closes (which shuts the exporter down). */
  private static List<SpanData> flushed(ConfigurableApplicationContext context) {
    assertThat(context.getBean(Lumina.class).flush()).isTrue();
    return EXPORTED.getFinishedSpanItems();
  }

  private static SpanData named(List<SpanData> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
  }
}
