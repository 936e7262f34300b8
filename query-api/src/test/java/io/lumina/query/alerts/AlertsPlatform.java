package io.lumina.query.alerts;

import io.lumina.ingestion.IngestionApplication;
import io.lumina.query.QueryApiApplication;
import io.lumina.testing.TestInfra;
import io.lumina.worker.WorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingestion, worker and query API started once in this test JVM on free ports, against this JVM's
 * private database and stream. The worker evaluates every second and retries deliveries after 200
 * ms, so tests see alerts in seconds; everything else is the shipped configuration.
 */
final class AlertsPlatform {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static AlertsPlatform instance;

  final ConfigurableApplicationContext ingestion;
  final ConfigurableApplicationContext worker;
  final ConfigurableApplicationContext queryApi;

  private AlertsPlatform() {
    List<String> common = new ArrayList<>();
    TestInfra.properties().forEach((k, v) -> common.add("--" + k + "=" + v));
    common.add("--lumina.outbound.allow=127.0.0.1"); // the webhook receivers listen on loopback
    common.add("--server.port=0");
    queryApi = QueryApiApplication.builder().run(common.toArray(String[]::new));
    List<String> workerArgs = new ArrayList<>(common);
    workerArgs.add("--lumina.alerts.evaluate-interval=1s");
    workerArgs.add("--lumina.alerts.delivery.poll-interval=100ms");
    workerArgs.add("--lumina.alerts.delivery.initial-backoff=200ms");
    workerArgs.add("--lumina.quality.poll-interval=200ms");
    worker = WorkerApplication.builder().run(workerArgs.toArray(String[]::new));
    List<String> ingestionArgs = new ArrayList<>(common);
    ingestionArgs.add("--lumina.ingestion.otlp-port=-1");
    ingestionArgs.add("--lumina.ingestion.grpc-port=-1");
    ingestion = IngestionApplication.builder().run(ingestionArgs.toArray(String[]::new));
  }

  static synchronized AlertsPlatform get() {
    if (instance == null) {
      instance = new AlertsPlatform();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    instance.ingestion.close();
                    instance.worker.close();
                    instance.queryApi.close();
                  }));
    }
    return instance;
  }

  static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** A JSON response: status and parsed body (null when empty). */
  record Response(int status, JsonNode body, String contentType) {}

  Response api(String method, String path, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(queryApi) + path));
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .method(
                method,
                HttpRequest.BodyPublishers.ofString(
                    body instanceof String s ? s : JSON.writeValueAsString(body)));
      }
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.body().isEmpty() ? null : JSON.readTree(response.body()),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Posts OTLP/JSON to ingestion; returns the status (200 once JetStream acknowledged). */
  int sendOtlp(String json) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port(ingestion) + "/v1/traces"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
