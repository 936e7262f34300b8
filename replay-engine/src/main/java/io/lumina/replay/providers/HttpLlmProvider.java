package io.lumina.replay.providers;

import io.lumina.outbound.Excerpt;
import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundRefusedException;
import io.lumina.outbound.OutboundResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What both protocols share: one JSON POST through the {@link OutboundHttpClient} (the outbound
 * policy, the call's timeout as a deadline for the whole answer, a bounded body), and the
 * translation of every failure into a {@link ProviderCallException}. Subclasses build the body and
 * read the answer.
 */
abstract sealed class HttpLlmProvider implements LlmProvider
    permits OpenAiChatProvider, AnthropicMessagesProvider {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final String name;
  final ReplayProperties.Provider settings;
  private final OutboundHttpClient http;
  private final Clock clock;

  HttpLlmProvider(
      String name, ReplayProperties.Provider settings, OutboundHttpClient http, Clock clock) {
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

  abstract void authenticate(Map<String, String> headers);

  abstract ObjectNode body(ChatRequest request);

  abstract ChatResult read(JsonNode answer, ChatRequest request) throws ProviderCallException;

  @Override
  public final ChatResult complete(ChatRequest request)
      throws ProviderCallException, InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    authenticate(headers);
    OutboundResponse response;
    try {
      response =
          http.post(
              endpoint(),
              headers,
              JSON.writeValueAsString(body(request)).getBytes(StandardCharsets.UTF_8),
              request.timeout());
    } catch (HttpTimeoutException e) {
      throw new ProviderCallException(
          ProviderCallException.Kind.TIMEOUT,
          null,
          null,
          "no answer within " + request.timeout().toMillis() + " ms");
    } catch (OutboundRefusedException e) {
      throw new ProviderCallException(
          ProviderCallException.Kind.UNREACHABLE, null, null, name + " refused: " + e.getMessage());
    } catch (IOException e) {
      throw new ProviderCallException(
          ProviderCallException.Kind.UNREACHABLE,
          null,
          null,
          "cannot reach " + name + ": " + redact(Excerpt.of(String.valueOf(e.getMessage()))));
    }
    int status = response.status();
    if (status / 100 != 2) {
      throw failure(status, response);
    }
    if (response.truncated()) {
      throw badResponse(name + " answered with more than " + http.maxResponseBytes() + " bytes");
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

  private ProviderCallException failure(int status, OutboundResponse response) {
    String detail = errorMessage(response.bodyText());
    String message = name + " answered " + status + (detail == null ? "" : ": " + redact(detail));
    if (status == 429) {
      Duration retryAfter =
          RetryAfter.parse(response.header("Retry-After").orElse(null), clock.instant());
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
        return Excerpt.of(message.asString());
      }
      if (node.path("error").isString()) {
        return Excerpt.of(node.path("error").asString()); // Ollama, some proxies
      }
    } catch (JacksonException e) {
      // not JSON: a proxy's HTML page, for instance
    }
    return Excerpt.of(body);
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
