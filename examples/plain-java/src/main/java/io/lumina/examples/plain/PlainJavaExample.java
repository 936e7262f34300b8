package io.lumina.examples.plain;

import io.lumina.sdk.AlwaysSample;
import io.lumina.sdk.Lumina;
import io.lumina.sdk.LuminaOptions;
import io.lumina.sdk.TraceOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plain Java application calling an OpenAI-compatible chat completions API with the JDK's HTTP
 * client, traced with the Lumina SDK: a support answer with user and session metadata, a call to a
 * self-hosted model priced with custom per-token prices, a RAG pipeline as nested spans, and a
 * failing call whose error is recorded and re-thrown.
 *
 * <p>Settings (environment): {@code LUMINA_ENDPOINT} (default http://127.0.0.1:9411), {@code
 * LUMINA_API_KEY}, {@code OPENAI_BASE_URL} (default https://api.openai.com/v1), {@code
 * OPENAI_API_KEY}, {@code EXAMPLE_SERVICE_NAME} (default example-plain-java).
 */
public final class PlainJavaExample {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String apiKey;

  PlainJavaExample(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  public static void main(String[] args) {
    runAgainst(setting("OPENAI_BASE_URL", "https://api.openai.com/v1"));
  }

  /** The whole example, calling the OpenAI-compatible API at {@code openAiBaseUrl}. */
  public static void runAgainst(String openAiBaseUrl) {
    LuminaOptions options =
        LuminaOptions.builder()
            .endpoint(setting("LUMINA_ENDPOINT", LuminaOptions.DEFAULT_ENDPOINT))
            .apiKey(setting("LUMINA_API_KEY", null))
            .serviceName(setting("EXAMPLE_SERVICE_NAME", "example-plain-java"))
            // everything here is kept; with samplingRate(0.1) errors and the listed users still
            // would be
            .samplingRate(1.0)
            .alwaysSample(
                AlwaysSample.builder().errors(true).costUsdAbove(0.5).userIdIn("vip1").build())
            .build();
    PlainJavaExample example =
        new PlainJavaExample(openAiBaseUrl, setting("OPENAI_API_KEY", "not-needed-by-the-fake"));
    try (Lumina lumina = Lumina.init(options)) {
      example.run(lumina);
    }
  }

  void run(Lumina lumina) {
    // 1. one call, with custom metadata; the response fills usage and text
    String answer =
        lumina.traceLLM(
            span -> {
              String prompt = "How do I reset my password?";
              span.prompt(prompt);
              JsonNode response = chat("gpt-4o-mini", prompt);
              span.model(response.path("model").asString())
                  .usage(
                      response.path("usage").path("prompt_tokens").asLong(),
                      response.path("usage").path("completion_tokens").asLong());
              String text =
                  response.path("choices").path(0).path("message").path("content").asString();
              span.response(text);
              return text;
            },
            TraceOptions.builder()
                .name("support_answer")
                .model("gpt-4o-mini")
                .provider("openai")
                .metadata(
                    Map.of(
                        "userId", "user-123",
                        "sessionId", "session-456",
                        "intent", "customer_support",
                        "feature_flag", "new_prompt_v2"))
                .build());
    System.out.println("support_answer: " + answer);

    // 2. a model Lumina's catalog does not know: custom per-token prices price it
    lumina.traceLLM(
        span -> {
          JsonNode response = chat("acme-llm-7b", "Summarize our refund policy.");
          span.usage(
              response.path("usage").path("prompt_tokens").asLong(),
              response.path("usage").path("completion_tokens").asLong());
          return response;
        },
        TraceOptions.builder()
            .name("custom_model")
            .model("acme-llm-7b")
            .metadata(
                Map.of("cost_per_prompt_token", 0.000003, "cost_per_completion_token", 0.000015))
            .build());

    // 3. a pipeline: the spans inside nest under it
    lumina.span(
        "rag_pipeline",
        () -> {
          lumina.span(
              "retrieval",
              () -> {
                lumina.span("embedding", () -> new float[] {0.1f, 0.2f});
                return lumina.span("vector_search", () -> "3 documents");
              });
          return lumina.traceLLM(
              span -> {
                JsonNode response = chat("gpt-4o-mini", "Answer from these 3 documents.");
                span.usage(
                    response.path("usage").path("prompt_tokens").asLong(),
                    response.path("usage").path("completion_tokens").asLong());
                return response;
              },
              TraceOptions.builder().name("synthesis").model("gpt-4o-mini").build());
        });

    // 4. a failing call: recorded on the span, re-thrown unchanged
    try {
      lumina.traceLLM(
          () -> {
            throw new IllegalStateException("upstream timeout");
          },
          TraceOptions.builder().name("chat").model("gpt-4o-mini").build());
    } catch (IllegalStateException expected) {
      System.out.println("failing call re-threw: " + expected.getMessage());
    }
    System.out.println("flushed: " + lumina.flush() + ", " + lumina.stats());
  }

  private JsonNode chat(String model, String prompt) {
    ObjectNode body = JSON.createObjectNode().put("model", model);
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("provider answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String setting(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
