package io.lumina.dashboard.clients;

import java.util.function.Supplier;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns RestClient failures into {@link BackendException}s with a message a person can act on. */
final class BackendCalls {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_DETAIL = 300;

  private final String backend;
  private final String baseUrl;

  BackendCalls(String backend, String baseUrl) {
    this.backend = backend;
    this.baseUrl = baseUrl;
  }

  <T> T call(String path, Supplier<T> call) {
    try {
      return call.get();
    } catch (ResourceAccessException e) {
      throw new BackendException(
          backend,
          baseUrl,
          path,
          0,
          "The " + backend + " at " + baseUrl + " is not reachable (" + rootMessage(e) + ")",
          e);
    } catch (HttpStatusCodeException e) {
      int status = e.getStatusCode().value();
      throw new BackendException(
          backend,
          baseUrl,
          path,
          status,
          "The "
              + backend
              + " answered "
              + status
              + " for "
              + path
              + detail(e.getResponseBodyAsString()),
          e);
    } catch (RestClientException e) {
      throw new BackendException(
          backend,
          baseUrl,
          path,
          502,
          "The "
              + backend
              + " sent an answer the dashboard could not read for "
              + path
              + " ("
              + rootMessage(e)
              + ")",
          e);
    }
  }

  /**
   * The problem+json {@code detail} (RFC 9457) when there is one, so "minCost must be a number"
   * shows.
   */
  private static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body;
    try {
      JsonNode node = JSON.readTree(body);
      if (node.hasNonNull("detail")) {
        text = node.get("detail").asString();
      } else if (node.hasNonNull("message")) {
        text = node.get("message").asString();
      } else if (node.hasNonNull("error")) {
        text = node.get("error").asString();
      }
    } catch (RuntimeException notJson) {
      // Not JSON: show the start of the body as it is.
    }
    text = text.strip();
    if (text.length() > MAX_DETAIL) {
      text = text.substring(0, MAX_DETAIL) + "…";
    }
    return text.isEmpty() ? "" : ": " + text;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      // The JDK client reports a refused connection as a ConnectException around a
      // ClosedChannelException.
      if (c instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (c instanceof java.net.http.HttpTimeoutException) {
        return "timed out";
      }
      t = c;
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }
}
