package io.lumina.dashboard.clients;

import io.lumina.api.replay.CaptureRequest;
import io.lumina.api.replay.DiffView;
import io.lumina.api.replay.ProviderList;
import io.lumina.api.replay.ReplaySetList;
import io.lumina.api.replay.ReplaySetView;
import io.lumina.api.replay.RunList;
import io.lumina.api.replay.RunRequest;
import io.lumina.api.replay.RunView;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replay engine (port 8082): sets, runs, progress and diffs, as the engine's own records
 * ({@code io.lumina.api.replay}). Read tolerantly, so the dashboard and the engine can be upgraded
 * one after the other: fields the dashboard does not know yet are ignored, and numbers an older
 * engine does not send read as 0.
 */
public final class ReplayClient {
  private final RestClient http;
  private final BackendCalls calls;
  private final JsonMapper json =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  public ReplayClient(RestClient http, URI baseUrl) {
    this.http = http;
    this.calls = new BackendCalls("replay engine", baseUrl.toString());
  }

  public ReplaySetList sets() {
    return json.treeToValue(get("/api/replay/sets"), ReplaySetList.class);
  }

  public ReplaySetView set(String setId) {
    return json.treeToValue(get("/api/replay/sets/{id}", setId), ReplaySetView.class);
  }

  public ReplaySetView createSet(CaptureRequest body) {
    return json.treeToValue(post("/api/replay/sets", body), ReplaySetView.class);
  }

  /** The configured providers, for the run form. */
  public ProviderList providers() {
    return json.treeToValue(get("/api/replay/providers"), ProviderList.class);
  }

  public RunList runs(String setId) {
    return json.treeToValue(get("/api/replay/sets/{id}/runs", setId), RunList.class);
  }

  public RunView startRun(String setId, RunRequest body) {
    return json.treeToValue(post("/api/replay/sets/{id}/runs", body, setId), RunView.class);
  }

  public RunView run(String runId) {
    return json.treeToValue(get("/api/replay/runs/{id}", runId), RunView.class);
  }

  public DiffView diff(String runId) {
    return json.treeToValue(get("/api/replay/runs/{id}/diff", runId), DiffView.class);
  }

  // Ids go in as URI template variables, so they are encoded and cannot change the path.
  private JsonNode get(String template, Object... vars) {
    String path = UriComponentsBuilder.fromPath(template).buildAndExpand(vars).toUriString();
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
    String path = UriComponentsBuilder.fromPath(template).buildAndExpand(vars).toUriString();
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
