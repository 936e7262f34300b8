package io.lumina.similarity;

import io.lumina.outbound.Excerpt;
import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundPolicy;
import io.lumina.outbound.OutboundRefusedException;
import io.lumina.outbound.OutboundResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON POST with a deadline, shared by the remote scorers, through the outbound policy ({@link
 * OutboundHttpClient}: no internal addresses unless allowed, a total deadline, a bounded answer).
 * Failures become {@link SimilarityScorer.ScoringException} with the status and a sanitized excerpt
 * of the provider's own error message, never the request headers (they hold the key).
 */
final class RemoteScorerCalls {
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** Model answers are the data, so their bound is larger than a notification's. */
  static final int DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024;

  private final OutboundHttpClient http;
  private final Duration timeout;
  private volatile String lastFailure;

  RemoteScorerCalls(OutboundHttpClient http, Duration timeout) {
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

  /** The strict policy (no allow-list) with the JVM's resolver. */
  static OutboundHttpClient defaultClient() {
    return new OutboundHttpClient(OutboundPolicy.strict(), DEFAULT_MAX_ANSWER_BYTES);
  }

  JsonNode post(URI uri, Map<String, String> headers, Object body) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", "application/json");
    all.putAll(headers);
    try {
      OutboundResponse response =
          http.post(
              uri, all, JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8), timeout);
      if (!response.successful()) {
        throw fail(
            "HTTP "
                + response.status()
                + " from "
                + uri.getHost()
                + ": "
                + errorMessage(response.bodyText()),
            null);
      }
      if (response.truncated()) {
        throw fail(
            "answer from " + uri.getHost() + " larger than " + http.maxResponseBytes() + " bytes",
            null);
      }
      JsonNode parsed = JSON.readTree(response.body());
      lastFailure = null;
      return parsed;
    } catch (OutboundRefusedException e) {
      throw fail("refused: " + e.getMessage(), e);
    } catch (HttpTimeoutException e) {
      throw fail("no answer from " + uri.getHost() + " within " + timeout.toMillis() + " ms", e);
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
    return Excerpt.of(s);
  }
}
