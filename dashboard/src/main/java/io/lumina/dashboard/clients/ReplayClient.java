package io.lumina.dashboard.clients;

import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replay engine (port 8082): sets, runs, progress and diffs. Answers are JSON trees read
 * tolerantly by the replay pages (the engine's shapes are still growing).
 */
public final class ReplayClient {
  private final RestClient http;
  private final BackendCalls calls;
  private final JsonMapper json =
      JsonMapper.builder()
          .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public ReplayClient(RestClient http, URI baseUrl) {
    this.http = http;
    this.calls = new BackendCalls("replay engine", baseUrl.toString());
  }

  public ReplaySet.SetList sets() {
    return json.treeToValue(get("/api/replay/sets"), ReplaySet.SetList.class);
  }

  public ReplaySet set(String setId) {
    return json.treeToValue(get("/api/replay/sets/{id}", setId), ReplaySet.class);
  }

  public ReplaySet createSet(Object body) {
    return json.treeToValue(post("/api/replay/sets", body), ReplaySet.class);
  }

  /**
   * {@code GET /api/replay/providers}: the configured providers (name, protocol, defaultModel,
   * isDefault).
   */
  public JsonNode providers() {
    return get("/api/replay/providers");
  }

  public JsonNode runs(String setId) {
    return get("/api/replay/sets/{id}/runs", setId);
  }

  public JsonNode startRun(String setId, Object body) {
    return post("/api/replay/sets/{id}/runs", body, setId);
  }

  public JsonNode run(String runId) {
    return get("/api/replay/runs/{id}", runId);
  }

  public JsonNode diff(String runId) {
    return get("/api/replay/runs/{id}/diff", runId);
  }

  // Ids go in as URI template variables, so they are encoded and cannot change the path.
  private JsonNode get(String template, Object... vars) {
    String path =
        org.springframework.web.util.UriComponentsBuilder.fromPath(template)
            .buildAndExpand(vars)
            .toUriString();
    return calls.call(
        path,
        () ->
            http.get()
                .uri(template, vars)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .body(JsonNode.class));
  }

  private JsonNode post(String template, Object body, Object... vars) {
    String path =
        org.springframework.web.util.UriComponentsBuilder.fromPath(template)
            .buildAndExpand(vars)
            .toUriString();
    return calls.call(
        path,
        () ->
            http.post()
                .uri(template, vars)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(JsonNode.class));
  }
}
