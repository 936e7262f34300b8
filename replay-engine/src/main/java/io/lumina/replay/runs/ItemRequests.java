package io.lumina.replay.runs;

import io.lumina.api.replay.RunRequest;
import io.lumina.replay.providers.ChatMessage;
import io.lumina.replay.providers.ChatRequest;
import io.lumina.storage.replay.ReplayRun;
import io.lumina.storage.replay.RunItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a captured call plus a run's overrides into the request to send.
 *
 * <ul>
 *   <li>Messages: the captured input messages, or the captured prompt as one user message.
 *   <li>System prompt: the run's (an empty one removes it), else the captured one, else the
 *       captured system messages joined. System messages never stay in the list: each protocol
 *       places the system prompt its own way.
 *   <li>Prompt template: replaces the last user message, {@code {{prompt}}} standing for its
 *       captured text; with no user message it becomes one.
 *   <li>Model, temperature, max tokens: the run's, else the captured call's (the model falls back
 *       to the provider's default model).
 * </ul>
 */
final class ItemRequests {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ItemRequests() {}

  /** The request, or IllegalArgumentException saying why this item cannot be replayed. */
  static ChatRequest build(
      RunItem item, ReplayRun run, String providerDefaultModel, Duration timeout) {
    List<ChatMessage> messages = new ArrayList<>();
    List<String> systemMessages = new ArrayList<>();
    for (ChatMessage m : parse(item.messagesJson())) {
      if ("system".equals(m.role()) || "developer".equals(m.role())) {
        systemMessages.add(m.content());
      } else {
        messages.add(m);
      }
    }
    if (messages.isEmpty() && item.prompt() != null) {
      messages.add(new ChatMessage("user", item.prompt()));
    }
    // an empty system prompt in the run means "replay without one"
    String system =
        run.systemPrompt() != null
            ? (run.systemPrompt().isEmpty() ? null : run.systemPrompt())
            : item.systemPrompt() != null
                ? item.systemPrompt()
                : systemMessages.isEmpty() ? null : String.join("\n\n", systemMessages);
    if (run.promptTemplate() != null) {
      int last = lastUser(messages);
      String original =
          last >= 0 ? messages.get(last).content() : (item.prompt() == null ? "" : item.prompt());
      ChatMessage templated =
          new ChatMessage(
              "user", run.promptTemplate().replace(RunRequest.PROMPT_VARIABLE, original));
      if (last >= 0) {
        messages.set(last, templated);
      } else {
        messages.add(templated);
      }
    }
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("the captured call has no prompt or messages to replay");
    }
    String model =
        run.model() != null
            ? run.model()
            : item.model() != null ? item.model() : providerDefaultModel;
    if (model == null) {
      throw new IllegalArgumentException(
          "no model: the run names none, the captured call had none and the "
              + "provider has no default-model");
    }
    Double temperature = run.temperature() != null ? run.temperature() : item.temperature();
    Long maxTokens = run.maxTokens() != null ? run.maxTokens() : item.maxTokens();
    return new ChatRequest(model, system, messages, temperature, maxTokens, timeout);
  }

  private static int lastUser(List<ChatMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The stored {@code [{role, content}]}; content given as parts is joined. Unreadable means none.
   */
  static List<ChatMessage> parse(String messagesJson) {
    if (messagesJson == null || messagesJson.isBlank()) {
      return List.of();
    }
    JsonNode array;
    try {
      array = JSON.readTree(messagesJson);
    } catch (JacksonException e) {
      return List.of();
    }
    List<ChatMessage> out = new ArrayList<>();
    for (JsonNode m : array) {
      String role = m.path("role").asString("user");
      out.add(new ChatMessage(role.isBlank() ? "user" : role, text(m.path("content"))));
    }
    return out;
  }

  private static String text(JsonNode content) {
    if (content.isString()) {
      return content.asString();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        String t =
            part.isString()
                ? part.asString()
                : part.path("text").asString(part.path("content").asString(""));
        sb.append(t);
      }
      return sb.toString();
    }
    return content.isMissingNode() || content.isNull() ? "" : content.toString();
  }
}
