package io.lumina.similarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The embeddings scorer against a local OpenAI-compatible /v1/embeddings server whose "model"
 * embeds a text as its letter counts (deterministic, different texts get different vectors). Items
 * are answered in reverse order to check that the scorer matches them by index.
 */
class EmbeddingsScorerTest extends SimilarityScorerContract {
  private static LocalJsonServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new LocalJsonServer(EmbeddingsScorerTest::embed);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static LocalJsonServer.Answer embed(LocalJsonServer.Request request) {
    if (!request.path().equals("/v1/embeddings")) {
      return new LocalJsonServer.Answer(404, "{\"error\":{\"message\":\"no such endpoint\"}}");
    }
    StringBuilder data = new StringBuilder();
    JsonNode input = request.body().path("input");
    for (int i = input.size() - 1; i >= 0; i--) {
      int[] counts = new int[27];
      for (char c : input.get(i).asString().toLowerCase().toCharArray()) {
        counts[c >= 'a' && c <= 'z' ? c - 'a' : 26]++;
      }
      if (!data.isEmpty()) {
        data.append(',');
      }
      data.append("{\"object\":\"embedding\",\"index\":")
          .append(i)
          .append(",\"embedding\":")
          .append(java.util.Arrays.toString(counts))
          .append('}');
    }
    return new LocalJsonServer.Answer(
        200, "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"m\"}");
  }

  @Override
  protected SimilarityScorer scorer() {
    return new EmbeddingsScorer(
        server.baseUrl() + "/v1",
        "sk-test",
        "text-embedding-3-small",
        Duration.ofSeconds(5),
        LocalJsonServer.CLIENT);
  }

  @Test
  void sendsBothTextsInOneRequestWithTheModelAndKey() {
    server.requests.clear();
    double score = scorer().score("abc", "abd");
    assertThat(score).isBetween(0.5, 0.99);
    assertThat(server.requests).hasSize(1);
    Map<String, String> headers = new HashMap<>(server.requests.getFirst().headers());
    assertThat(headers).containsEntry("authorization", "Bearer sk-test");
    assertThat(server.requests.getFirst().body().path("input")).hasSize(2);
    assertThat(server.requests.getFirst().body().path("model").asString())
        .isEqualTo("text-embedding-3-small");
  }
}
