package io.lumina.replay.providers;

import io.lumina.model.TokenUsage;
import io.lumina.outbound.OutboundHttpClient;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages: {@code POST <baseUrl>/v1/messages} with {@code x-api-key} and {@code
 * anthropic-version}. The protocol wants strictly alternating user/assistant turns starting with a
 * user turn and a {@code max_tokens}, so turns of one role in a row are merged, other roles (tool)
 * count as user, and a missing limit becomes {@link #DEFAULT_MAX_TOKENS}.
 */
final class AnthropicMessagesProvider extends HttpLlmProvider {

  /** Anthropic requires max_tokens; captured calls often did not set one. */
  static final long DEFAULT_MAX_TOKENS = 1024;

  AnthropicMessagesProvider(
      String name, ReplayProperties.Provider settings, OutboundHttpClient http, Clock clock) {
    super(name, settings, http, clock);
  }

  @Override
  public String protocol() {
    return "anthropic";
  }

  @Override
  URI endpoint() {
    return URI.create(settings.baseUrl().toString().replaceAll("/+$", "") + "/v1/messages");
  }

  @Override
  void authenticate(Map<String, String> request) {
    request.put("anthropic-version", settings.anthropicVersion());
    if (settings.hasKey()) {
      request.put("x-api-key", settings.apiKey());
    }
  }

  @Override
  ObjectNode body(ChatRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", request.model());
    body.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : DEFAULT_MAX_TOKENS);
    if (request.system() != null) {
      body.put("system", request.system());
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage m : alternating(request.messages())) {
      messages.addObject().put("role", m.role()).put("content", m.content());
    }
    return body;
  }

  static List<ChatMessage> alternating(List<ChatMessage> messages) {
    List<ChatMessage> out = new ArrayList<>();
    for (ChatMessage m : messages) {
      String role = "assistant".equals(m.role()) ? "assistant" : "user";
      if (out.isEmpty() && role.equals("assistant")) {
        continue; // a conversation cannot open with the assistant; its words are in the next turns'
        // context
      }
      if (!out.isEmpty() && out.getLast().role().equals(role)) {
        ChatMessage last = out.removeLast();
        out.add(new ChatMessage(role, last.content() + "\n\n" + m.content()));
      } else {
        out.add(new ChatMessage(role, m.content()));
      }
    }
    return out;
  }

  @Override
  ChatResult read(JsonNode answer, ChatRequest request) throws ProviderCallException {
    JsonNode content = answer.path("content");
    if (!content.isArray()) {
      throw badResponse(name() + " answered without a content array");
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if ("text".equals(block.path("type").asString(""))) {
        text.append(block.path("text").asString(""));
      }
    }
    JsonNode usage = answer.path("usage");
    TokenUsage tokens = TokenUsage.NONE;
    if (usage.isObject()) {
      // Anthropic's input_tokens excludes cache reads and writes; Lumina's input includes them
      Long in = longOrNull(usage.get("input_tokens"));
      Long cacheRead = longOrNull(usage.get("cache_read_input_tokens"));
      Long cacheWrite = longOrNull(usage.get("cache_creation_input_tokens"));
      Long input =
          in == null
              ? null
              : in + (cacheRead == null ? 0 : cacheRead) + (cacheWrite == null ? 0 : cacheWrite);
      tokens =
          new TokenUsage(
              input, longOrNull(usage.get("output_tokens")), null, cacheRead, cacheWrite, null);
    }
    String model =
        answer.path("model").isString() ? answer.path("model").asString() : request.model();
    return new ChatResult(text.toString(), model, tokens);
  }
}
