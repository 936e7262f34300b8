package io.lumina.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.platform.LuminaPlatform.Service;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The README's start command without any server: embedded PostgreSQL with its data under a home
 * directory and the table-backed span queue. A trace sent over OTLP/HTTP round-trips to the query
 * API, every service answers its health check, and after a stop and a fresh start the data is still
 * there.
 */
class AllInOneIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void startsWithoutAnyServerAndKeepsDataAcrossRestarts() throws Exception {
    Path home = Files.createTempDirectory("lumina-home");
    PlatformSettings settings =
        new PlatformSettings(null, null, null, null, home, freePort(), null);
    Map<String, Object> ports =
        Map.of("server.port", 0, "lumina.ingestion.otlp-port", 0, "lumina.ingestion.grpc-port", 0);
    String traceId;

    try (LuminaPlatform platform = LuminaPlatform.startAllInOne(settings, ports)) {
      for (Service service : Service.values()) {
        HttpResponse<String> health = get(platform.port(service), "/actuator/health");
        assertThat(health.statusCode()).as("%s health: %s", service, health.body()).isEqualTo(200);
      }
      var request = DemoTraffic.request(new Random(42));
      traceId =
          HexFormat.of()
              .formatHex(
                  request
                      .getResourceSpans(0)
                      .getScopeSpans(0)
                      .getSpans(0)
                      .getTraceId()
                      .toByteArray());
      HttpResponse<String> accepted =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + platform.port(Service.INGESTION) + "/v1/traces"))
                  .header("Content-Type", "application/x-protobuf")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).isEqualTo(200);

      int queryPort = platform.port(Service.QUERY_API);
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> get(queryPort, "/api/traces/" + traceId).statusCode() == 200);
      assertThat(get(platform.port(Service.DASHBOARD), "/").statusCode()).isEqualTo(200);

      HttpResponse<String> hook =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + "/api/webhooks"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"h\",\"url\":\"https://hooks.example.org/t0ken\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
    }
    Path keyFile = home.resolve("secret.key");
    assertThat(keyFile).as("the first start created the key for secrets").exists();
    String firstKey = Files.readString(keyFile);

    // ./lumina secrets rotate: a new key file, every secret re-encrypted under it
    var out = new java.io.ByteArrayOutputStream();
    int status =
        SecretsCli.run(
            new String[] {"rotate"},
            Map.of(
                "LUMINA_HOME",
                home.toString(),
                "LUMINA_EMBEDDED_DB_PORT",
                Integer.toString(settings.embeddedDatabasePort())),
            new java.io.PrintStream(out, true),
            System.err);
    assertThat(status).as(out.toString()).isZero();
    assertThat(out.toString()).startsWith("re-encrypted 1 rows");
    assertThat(Files.readString(keyFile)).isNotEqualTo(firstKey);
    assertThat(Files.readString(home.resolve("secret.key.old"))).isEqualTo(firstKey);

    try (LuminaPlatform again = LuminaPlatform.startAllInOne(settings, ports)) {
      assertThat(get(again.port(Service.QUERY_API), "/api/webhooks").body())
          .as("readable under the rotated key")
          .contains("https://hooks.example.org/t0ken");
      HttpResponse<String> trace = get(again.port(Service.QUERY_API), "/api/traces/" + traceId);
      assertThat(trace.statusCode()).as("the trace survived the restart").isEqualTo(200);
      assertThat(trace.body()).contains(traceId);
    }
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
