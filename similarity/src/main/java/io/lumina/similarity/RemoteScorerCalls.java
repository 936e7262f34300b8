package io.lumina.similarity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON POST with a timeout, shared by the remote scorers. Failures become {@link
 * SimilarityScorer.ScoringException} with the status and the provider's own error message, never
 * the request headers (they hold the key).
 */
final class RemoteScorerCalls {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;
  private final Duration timeout;
  private volatile String lastFailure;

  RemoteScorerCalls(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * What a remote scorer asks about one canonical pair of normalized, different, non-empty texts.
   */
  @FunctionalInterface
  interface PairScore {
    double score(String first, String second);
  }

  /**
   * The part every remote scorer shares, so no call is made when none is needed: both texts
   * normalized as {@link ExactHashScorer} does; equal texts score 1 and an empty one 0; otherwise
   * {@code remote} scores them in a canonical order, so the score is symmetric.
   */
  static double symmetric(String expected, String actual, PairScore remote) {
    String a = ExactHashScorer.normalize(expected);
    String b = ExactHashScorer.normalize(actual);
    if (a.equals(b)) {
      return 1.0;
    }
    if (a.isEmpty() || b.isEmpty()) {
      return 0.0;
    }
    return a.compareTo(b) <= 0 ? remote.score(a, b) : remote.score(b, a);
  }

  static HttpClient defaultClient(Duration connectTimeout) {
    return HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  JsonNode post(URI uri, Map<String, String> headers, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(body), StandardCharsets.UTF_8));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw fail(
            "HTTP "
                + response.statusCode()
                + " from "
                + uri.getHost()
                + ": "
                + errorMessage(response.body()),
            null);
      }
      JsonNode parsed = JSON.readTree(response.body());
      lastFailure = null;
      return parsed;
    } catch (IOException e) {
      throw fail(
          "cannot reach "
              + uri.getHost()
              + ":"
              + uri.getPort()
              + ": "
              + e.getClass().getSimpleName(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted", e);
    } catch (tools.jackson.core.JacksonException e) {
      throw fail("answer from " + uri.getHost() + " is not JSON", e);
    }
  }

  SimilarityScorer.ScoringException fail(String message, Throwable cause) {
    lastFailure = message;
    return new SimilarityScorer.ScoringException(message, cause);
  }

  SimilarityScorer.Check check() {
    String failure = lastFailure;
    return failure == null
        ? SimilarityScorer.Check.ok()
        : SimilarityScorer.Check.down("last call failed: " + failure);
  }

  private static String errorMessage(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      String message = error.isObject() ? error.path("message").asString("") : error.asString("");
      return message.isEmpty() ? "(no message)" : truncate(message);
    } catch (RuntimeException e) {
      return "(no JSON error body)";
    }
  }

  private static String truncate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
