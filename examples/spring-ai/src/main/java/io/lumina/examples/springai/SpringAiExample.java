package io.lumina.examples.springai;

import io.lumina.sdk.Lumina;
import java.util.Map;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that asks Spring AI's ChatClient two questions and exits. Nothing in it
 * mentions tracing: {@code lumina-spring-boot-starter} turns each ChatClient call into a span, with
 * the model call under it carrying model, tokens and messages, and Lumina prices it. The second
 * question runs inside {@code lumina.span(...)}, so its ChatClient span nests under that.
 *
 * <p>Settings: {@code src/main/resources/application.properties} (environment {@code
 * OPENAI_BASE_URL}, {@code OPENAI_API_KEY}, {@code LUMINA_ENDPOINT}...).
 */
@SpringBootApplication
public class SpringAiExample {

  public static void main(String[] args) {
    SpringApplication.run(SpringAiExample.class, args).close();
  }

  @Bean
  CommandLineRunner ask(ChatClient.Builder chat, Lumina lumina) {
    return args -> {
      ChatClient client = chat.build();
      String answer =
          client
              .prompt()
              .system("You are a concise support assistant.")
              .user("How do I reset my password?")
              .call()
              .content();
      System.out.println("answer: " + answer);

      String summary =
          lumina.span(
              "ticket_triage",
              () ->
                  client.prompt().user("Summarize this ticket: the app crashes.").call().content());
      System.out.println("summary: " + summary);
      System.out.println("lumina: " + Map.of("flushed", lumina.flush(), "stats", lumina.stats()));
    };
  }
}
