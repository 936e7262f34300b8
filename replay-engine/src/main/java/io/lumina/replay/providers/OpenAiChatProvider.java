package io.lumina.replay.providers;

import io.lumina.model.TokenUsage;
import io.lumina.outbound.OutboundHttpClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI-compatible chat completions: {@code POST <baseUrl>/chat/completions}. Works with OpenAI,
 * Azure OpenAI ({@code api-version} set: the key goes in {@code api-key}), vLLM, Ollama, LiteLLM
 * and other servers speaking the protocol. No key configured means no auth header (local servers
 * need none).
 */
final class OpenAiChatProvider extends HttpLlmProvider {

  OpenAiChatProvider(
      String name, ReplayProperties.Provider settings, OutboundHttpClient http, Clock clock) {
    super(name, settings, http, clock);
  }

  @Override
  public String protocol() {
    return "openai";
  }

  @Override
  URI endpoint() {
    String base = settings.baseUrl().toString().replaceAll("/+$", "");
    String url = base + "/chat/completions";
    if (settings.apiVersion() != null && !settings.apiVersion().isBlank()) {
      url += "?api-version=" + URLEncoder.encode(settings.apiVersion(), StandardCharsets.UTF_8);
    }
    return URI.create(url);
  }

  @Override
  void authenticate(Map<String, String> request) {
    if (!settings.hasKey()) {
      return;
    }
    if (settings.apiVersion() != null && !settings.apiVersion().isBlank()) {
      request.put("api-key", settings.apiKey());
    } else {
      request.put("Authorization", "Bearer " + settings.apiKey());
    }
  }

  @Override
  ObjectNode body(ChatRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    if (request.system() != null) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    for (ChatMessage m : request.messages()) {
      messages.addObject().put("role", m.role()).put("content", m.content());
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      body.put(settings.maxTokensParameter(), request.maxTokens());
    }
    return body;
  }

  @Override
  ChatResult read(JsonNode answer, ChatRequest request) throws ProviderCallException {
    JsonNode message = answer.path("choices").path(0).path("message");
    if (message.isMissingNode()) {
      throw badResponse(name() + " answered without choices[0].message");
    }
    JsonNode content = message.path("content");
    String text =
        content.isString()
            ? content.asString()
            : content.isNull() || content.isMissingNode()
                ? message.path("refusal").asString("")
                : content.toString();
    JsonNode usage = answer.path("usage");
    TokenUsage tokens =
        usage.isObject()
            ? new TokenUsage(
                longOrNull(usage.get("prompt_tokens")),
                longOrNull(usage.get("completion_tokens")),
                longOrNull(usage.get("total_tokens")),
                longOrNull(usage.path("prompt_tokens_details").get("cached_tokens")),
                null,
                longOrNull(usage.path("completion_tokens_details").get("reasoning_tokens")))
            : TokenUsage.NONE;
    String model =
        answer.path("model").isString() ? answer.path("model").asString() : request.model();
    return new ChatResult(text, model, tokens);
  }
}
