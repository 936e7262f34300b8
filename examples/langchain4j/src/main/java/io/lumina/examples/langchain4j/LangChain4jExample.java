package io.lumina.examples.langchain4j;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.lumina.sdk.Lumina;
import io.lumina.sdk.LuminaOptions;
import io.lumina.sdk.langchain4j.LuminaChatModelListener;
import java.util.List;

/**
 * A LangChain4j application: an OpenAI chat model built with {@link LuminaChatModelListener}, so
 * each call becomes a Lumina LLM span with model, messages, tokens and cost. The second call runs
 * inside {@code lumina.span(...)} and nests under it.
 *
 * <p>Settings (environment): {@code LUMINA_ENDPOINT} (default http://127.0.0.1:9411), {@code
 * LUMINA_API_KEY}, {@code OPENAI_BASE_URL} (default https://api.openai.com/v1), {@code
 * OPENAI_API_KEY}, {@code EXAMPLE_SERVICE_NAME} (default example-langchain4j).
 */
public final class LangChain4jExample {

  private LangChain4jExample() {}

  public static void main(String[] args) {
    runAgainst(setting("OPENAI_BASE_URL", "https://api.openai.com/v1"));
  }

  /** The whole example, calling the OpenAI-compatible API at {@code openAiBaseUrl}. */
  public static void runAgainst(String openAiBaseUrl) {
    try (Lumina lumina =
        Lumina.init(
            LuminaOptions.builder()
                .endpoint(setting("LUMINA_ENDPOINT", LuminaOptions.DEFAULT_ENDPOINT))
                .apiKey(setting("LUMINA_API_KEY", null))
                .serviceName(setting("EXAMPLE_SERVICE_NAME", "example-langchain4j"))
                .build())) {
      ChatModel model =
          OpenAiChatModel.builder()
              .baseUrl(openAiBaseUrl)
              .apiKey(setting("OPENAI_API_KEY", "not-needed-by-the-fake"))
              .modelName("gpt-4o-mini")
              .listeners(List.of(new LuminaChatModelListener(lumina)))
              .build();

      String answer =
          model
              .chat(
                  SystemMessage.from("You are a concise support assistant."),
                  UserMessage.from("How do I reset my password?"))
              .aiMessage()
              .text();
      System.out.println("answer: " + answer);

      String summary =
          lumina.span("ticket_triage", () -> model.chat("Summarize this ticket: the app crashes."));
      System.out.println("summary: " + summary);
      System.out.println("flushed: " + lumina.flush() + ", " + lumina.stats());
    }
  }

  static String setting(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
