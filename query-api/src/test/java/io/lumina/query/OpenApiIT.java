package io.lumina.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document, the browsable UI, CORS for the dashboard origin, problem+json for unknown
 * paths.
 */
class OpenApiIT {

  @Test
  void openApiDocumentListsEveryEndpointAndTheFilters() throws Exception {
    JsonNode doc = Lumina.get().ok("/v3/api-docs");
    JsonNode paths = doc.get("paths");
    for (String path :
        new String[] {
          "/api/traces",
          "/api/spans",
          "/api/traces/{traceId}",
          "/api/analytics/cost",
          "/api/analytics/latency",
          "/api/analytics/tokens",
          "/api/analytics/top-traces",
          "/api/services",
          "/api/models",
          "/api/pricing",
          "/api/pricing/reprice",
          "/api/export/traces"
        }) {
      assertThat(paths.has(path)).as(path).isTrue();
    }
    assertThat(paths.get("/api/traces").get("get").get("parameters").findValuesAsString("name"))
        .contains("service", "minCost", "before", "cursor", "limit");
  }

  @Test
  void swaggerUiIsServed() throws Exception {
    Lumina lumina = Lumina.get();
    Lumina.Response ui =
        lumina.send(HttpRequest.newBuilder(lumina.uri("/swagger-ui/index.html")).GET());
    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.body()).containsIgnoringCase("swagger");
  }

  @Test
  void corsAllowsTheConfiguredDashboardOriginOnly() throws Exception {
    Lumina lumina = Lumina.get();
    Lumina.Response allowed =
        lumina.send(
            HttpRequest.newBuilder(lumina.uri("/api/traces?limit=1"))
                .header("Origin", "http://localhost:3000")
                .GET());
    assertThat(allowed.status()).isEqualTo(200);
    var raw =
        Lumina.http()
            .send(
                HttpRequest.newBuilder(lumina.uri("/api/traces?limit=1"))
                    .header("Origin", "http://localhost:3000")
                    .GET()
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(raw.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://localhost:3000");
    var denied =
        Lumina.http()
            .send(
                HttpRequest.newBuilder(lumina.uri("/api/traces?limit=1"))
                    .header("Origin", "http://evil.example")
                    .GET()
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(denied.statusCode()).isEqualTo(403);
  }

  @Test
  void unknownPathIsProblemJson() throws Exception {
    Lumina.Response r = Lumina.get().get("/api/nothing-here");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }
}
