package io.lumina.replay.providers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What both protocols share: one JSON POST through {@link HttpClient} with the call's timeout, and
 * the translation of every failure into a {@link ProviderCallException}. Subclasses build the body
 * and read the answer.
 */
abstract sealed class HttpLlmProvider implements LlmProvider
    permits OpenAiChatProvider, AnthropicMessagesProvider {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final String name;
  final ReplayProperties.Provider settings;
  private final HttpClient http;
  private final Clock clock;

  HttpLlmProvider(String name, ReplayProperties.Provider settings, HttpClient http, Clock clock) {
    this.name = name;
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String defaultModel() {
    return settings.defaultModel() == null || settings.defaultModel().isBlank()
        ? null
        : settings.defaultModel();
  }

  @Override
  public Check check() {
    return new Check(
        true,
        protocol()
            + " at "
            + settings.baseUrl()
            + (settings.hasKey() ? ", key configured" : ", no key configured"));
  }

  abstract URI endpoint();

  abstract void authenticate(HttpRequest.Builder request);

  abstract ObjectNode body(ChatRequest request);

  abstract ChatResult read(JsonNode answer, ChatRequest request) throws ProviderCallException;

  @Override
  public final ChatResult complete(ChatRequest request)
      throws ProviderCallException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint())
            .timeout(request.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(body(request)), StandardCharsets.UTF_8));
    authenticate(builder);
    HttpResponse<String> response;
    try {
      response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new ProviderCallException(
          ProviderCallException.Kind.TIMEOUT,
          null,
          null,
          "no answer within " + request.timeout().toMillis() + " ms");
    } catch (IOException e) {
      throw new ProviderCallException(
          ProviderCallException.Kind.UNREACHABLE,
          null,
          null,
          "cannot reach " + name + ": " + redact(String.valueOf(e.getMessage())));
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw failure(status, response);
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (JacksonException e) {
      throw new ProviderCallException(
          ProviderCallException.Kind.BAD_RESPONSE,
          status,
          null,
          name + " answered " + status + " with a body that is not JSON");
    }
    return read(answer, request);
  }

  private ProviderCallException failure(int status, HttpResponse<String> response) {
    String detail = errorMessage(response.body());
    String message = name + " answered " + status + (detail == null ? "" : ": " + redact(detail));
    if (status == 429) {
      Duration retryAfter =
          RetryAfter.parse(
              response.headers().firstValue("Retry-After").orElse(null), clock.instant());
      return new ProviderCallException(
          ProviderCallException.Kind.RATE_LIMITED, status, retryAfter, message);
    }
    ProviderCallException.Kind kind =
        status >= 500 || status == 408
            ? ProviderCallException.Kind.SERVER_ERROR
            : ProviderCallException.Kind.CLIENT_ERROR;
    return new ProviderCallException(kind, status, null, message);
  }

  /** {@code error.message} of either protocol's error body, else the start of the body. */
  private static String errorMessage(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode message = node.path("error").path("message");
      if (message.isString()) {
        return message.asString();
      }
      if (node.path("error").isString()) {
        return node.path("error").asString(); // Ollama, some proxies
      }
    } catch (JacksonException e) {
      // not JSON: a proxy's HTML page, for instance
    }
    return body.length() > 200 ? body.substring(0, 200) : body;
  }

  String redact(String message) {
    return Redaction.redact(message, settings.apiKey());
  }

  static ProviderCallException badResponse(String message) {
    return new ProviderCallException(ProviderCallException.Kind.BAD_RESPONSE, 200, null, message);
  }

  static Long longOrNull(JsonNode node) {
    return node != null && node.isNumber() ? node.asLong() : null;
  }
}
