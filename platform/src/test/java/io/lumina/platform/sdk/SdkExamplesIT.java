package io.lumina.platform.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lumina.testing.FakeLlmProvider;
import io.lumina.testing.FakeLlmProvider.Reply;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The examples under {@code examples/} run as the applications they are — a JVM of their own, on
 * their own classpath, on Java 17 where one is installed — against the fake provider answering with
 * known usage, and their traces arrive in Lumina correctly priced.
 */
class SdkExamplesIT {
  private static final long PROMPT_TOKENS = 1200;
  private static final long COMPLETION_TOKENS = 300;
  private static final Duration STORED = Duration.ofSeconds(30);
  private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");

  private static SdkPlatform platform;
  private static LuminaApi api;
  private static FakeLlmProvider provider;

  @BeforeAll
  static void start() {
    platform = SdkPlatform.start();
    api = platform.api();
    provider =
        FakeLlmProvider.start()
            .respondWith(r -> Reply.text("Here is how.", PROMPT_TOKENS, COMPLETION_TOKENS));
  }

  @AfterAll
  static void stop() {
    if (provider != null) {
      provider.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void springAiChatClientCallsArePricedAndNestUnderTheirChatClientSpan() throws Exception {
    String service = run("spring-ai", "io.lumina.examples.springai.SpringAiExample");

    List<JsonNode> llm = llmSpans(service, 2);
    for (JsonNode span : llm) {
      assertPricedGpt4oMini(span);
      assertThat(span.get("provider").asString()).isEqualTo("openai");
    }
    JsonNode triage =
        api.spans("service=" + service + "&name=ticket_triage").stream()
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ticket_triage span"));
    JsonNode trace = api.trace(triage.get("traceId").asString());
    JsonNode root = trace.get("spans").get(0);
    assertThat(root.get("name").asString()).isEqualTo("ticket_triage");
    JsonNode chatClient = root.get("children").get(0);
    assertThat(chatClient.get("llm").asBoolean()).isFalse();
    JsonNode model = chatClient.get("children").get(0);
    assertThat(model.get("llm").asBoolean()).isTrue();
    assertThat(model.get("prompt").asString()).contains("Summarize this ticket");
  }

  @Test
  void langChain4jCallsArePriced() throws Exception {
    String service = run("langchain4j", "io.lumina.examples.langchain4j.LangChain4jExample");

    List<JsonNode> llm = llmSpans(service, 2);
    for (JsonNode span : llm) {
      assertPricedGpt4oMini(span);
      assertThat(span.get("responsePreview").asString()).isEqualTo("Here is how.");
    }
    JsonNode nested =
        llm.stream()
            .filter(s -> s.hasNonNull("parentSpanId"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no LLM span under ticket_triage"));
    JsonNode root = api.trace(nested.get("traceId").asString()).get("spans").get(0);
    assertThat(root.get("name").asString()).isEqualTo("ticket_triage");
  }

  @Test
  void thePlainJavaExampleShowsMetadataCustomPricesNestingAndErrors() throws Exception {
    String service = run("plain-java", "io.lumina.examples.plain.PlainJavaExample");

    Map<String, JsonNode> byName = new HashMap<>();
    LuminaApi.await(
            STORED,
            () -> api.spans("service=" + service),
            spans -> spans.size() == 8,
            "the example's 8 spans stored")
        .forEach(s -> byName.put(s.get("name").asString(), s));

    JsonNode answer = byName.get("support_answer");
    assertPricedGpt4oMini(answer);
    assertThat(answer.get("userId").asString()).isEqualTo("user-123");
    assertThat(answer.get("sessionId").asString()).isEqualTo("session-456");
    JsonNode custom = byName.get("custom_model");
    assertThat(custom.get("pricingSource").asString()).isEqualTo("SPAN_PRICES");
    assertThat(custom.get("costUsd").asDouble())
        .isCloseTo(PROMPT_TOKENS * 0.000003 + COMPLETION_TOKENS * 0.000015, within(1e-12));
    assertThat(byName.get("synthesis").get("parentSpanId").asString())
        .isEqualTo(byName.get("rag_pipeline").get("spanId").asString());
    assertThat(byName.get("chat").get("status").asString()).isEqualTo("error");
  }

  private static void assertPricedGpt4oMini(JsonNode span) {
    assertThat(span.get("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(span.get("tokens").get("prompt").asLong()).isEqualTo(PROMPT_TOKENS);
    assertThat(span.get("tokens").get("completion").asLong()).isEqualTo(COMPLETION_TOKENS);
    assertThat(span.get("pricingSource").asString()).isEqualTo("CATALOG");
    assertThat(span.get("costUsd").asDouble())
        .isCloseTo(
            SdkEndToEndIT.catalogCost("gpt-4o-mini", PROMPT_TOKENS, COMPLETION_TOKENS),
            within(1e-12));
  }

  private static List<JsonNode> llmSpans(String service, int expected) {
    List<JsonNode> llm = new ArrayList<>();
    LuminaApi.await(
            STORED,
            () -> api.spans("service=" + service),
            spans -> spans.stream().filter(s -> s.get("llm").asBoolean()).count() == expected,
            expected + " LLM spans of " + service + " stored")
        .stream()
        .filter(s -> s.get("llm").asBoolean())
        .forEach(llm::add);
    return llm;
  }

  /**
   * Runs an example's main class as its own process and waits for it to exit; returns the service
   * name it reported under.
   */
  private static String run(String example, String mainClass) throws Exception {
    Path dir = Path.of("..", "examples", example, "target").toAbsolutePath().normalize();
    Path classpathFile = dir.resolve("example.classpath");
    assertThat(classpathFile)
        .as("build the examples first (./mvnw -pl platform -am verify builds them)")
        .exists();
    String classpath =
        dir.resolve("classes") + File.pathSeparator + Files.readString(classpathFile).strip();
    String java =
        Files.isExecutable(JAVA_17)
            ? JAVA_17.toString()
            : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String service = "example-" + example + "-" + UUID.randomUUID().toString().substring(0, 8);
    Path log = Files.createTempFile("lumina-" + example + "-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, mainClass)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("LUMINA_ENDPOINT", platform.ingestion());
    builder.environment().put("OPENAI_BASE_URL", provider.openAiBaseUrl());
    builder.environment().put("OPENAI_API_KEY", "test-key");
    builder.environment().put("EXAMPLE_SERVICE_NAME", service);
    Process process = builder.start();
    try {
      boolean exited = process.waitFor(180, TimeUnit.SECONDS);
      assertThat(exited).as(example + " finished within 180 s; log:\n" + tail(log)).isTrue();
      assertThat(process.exitValue()).as(example + " exit code; log:\n" + tail(log)).isZero();
      assertThat(Files.readString(log)).as("its own flush succeeded").contains("flushed");
    } finally {
      process.destroyForcibly();
    }
    return service;
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
