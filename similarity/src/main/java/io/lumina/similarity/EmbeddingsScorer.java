package io.lumina.similarity;

import io.lumina.outbound.OutboundHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Cosine similarity of embeddings from an OpenAI-compatible {@code POST <base>/embeddings} endpoint
 * (OpenAI, Azure, vLLM, Ollama, text-embeddings-inference), the base URL ending in {@code /v1}.
 * Both texts go in one request, in a canonical order so the score is symmetric. Negative cosines
 * (opposed vectors) count as 0: the score is a similarity in [0, 1]. Equal normalized texts score
 * 1.0 and one empty text 0.0 without a call.
 */
public final class EmbeddingsScorer implements SimilarityScorer {

  public static final String NAME = "embeddings";

  private final URI endpoint;
  private final String apiKey;
  private final String model;
  private final RemoteScorerCalls calls;

  public EmbeddingsScorer(String baseUrl, String apiKey, String model, Duration timeout) {
    this(baseUrl, apiKey, model, timeout, RemoteScorerCalls.defaultClient());
  }

  public EmbeddingsScorer(
      String baseUrl, String apiKey, String model, Duration timeout, OutboundHttpClient http) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.endpoint = URI.create(base + "/embeddings");
    this.apiKey = apiKey == null ? "" : apiKey;
    this.model = Objects.requireNonNull(model, "model");
    this.calls = new RemoteScorerCalls(http, Objects.requireNonNull(timeout, "timeout"));
  }

  @Override
  public double score(String expected, String actual) {
    return RemoteScorerCalls.symmetric(expected, actual, this::cosine);
  }

  private double cosine(String first, String second) {
    JsonNode answer =
        calls.post(
            endpoint,
            apiKey.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + apiKey),
            Map.of("model", model, "input", List.of(first, second)));
    double[] x = vector(answer, 0);
    double[] y = vector(answer, 1);
    if (x.length == 0 || x.length != y.length) {
      throw calls.fail(
          "embeddings of different or zero dimensions: " + x.length + " and " + y.length, null);
    }
    double dot = 0;
    double nx = 0;
    double ny = 0;
    for (int i = 0; i < x.length; i++) {
      dot += x[i] * y[i];
      nx += x[i] * x[i];
      ny += y[i] * y[i];
    }
    if (nx == 0 || ny == 0) {
      return 0.0;
    }
    return Math.max(0.0, Math.min(1.0, dot / Math.sqrt(nx * ny)));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Check check() {
    return calls.check();
  }

  // data[] entries carry an index; do not rely on their order
  private double[] vector(JsonNode answer, int index) {
    for (JsonNode item : answer.path("data")) {
      if (item.path("index").asInt(-1) == index) {
        JsonNode embedding = item.path("embedding");
        double[] v = new double[embedding.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = embedding.get(i).asDouble();
        }
        return v;
      }
    }
    throw calls.fail("the embeddings answer has no item with index " + index, null);
  }
}
