package io.lumina.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.ingestion.IngestionApplication;
import io.lumina.testing.TestDatabase;
import io.lumina.testing.TestInfra;
import io.lumina.worker.WorkerApplication;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one set of running services every test of this module shares: ingestion, worker and the query
 * API in this JVM, on this JVM's private database and stream, started on first use and stopped when
 * the JVM exits. Data reaches PostgreSQL only through the real path: OTLP/HTTP to ingestion,
 * JetStream, the worker.
 */
final class Lumina {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Lumina instance;

  final ConfigurableApplicationContext ingestion;
  final ConfigurableApplicationContext worker;
  final ConfigurableApplicationContext query;
  final int ingestionPort;
  final int queryPort;

  private Lumina() {
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, Object> e : TestInfra.properties().entrySet()) {
      args.add("--" + e.getKey() + "=" + e.getValue());
    }
    args.add("--server.port=0");
    args.add("--lumina.ingestion.otlp-port=-1");
    args.add("--lumina.ingestion.grpc-port=-1");
    args.add("--spring.main.banner-mode=off");
    String[] common = args.toArray(String[]::new);
    worker = WorkerApplication.builder().run(common);
    ingestion = IngestionApplication.builder().run(common);
    List<String> queryArgs = new ArrayList<>(args);
    // short enough that tests polling an aggregate see new data quickly, long enough to test the
    // cache
    queryArgs.add("--lumina.query.cache.ttl=2s");
    queryArgs.add("--lumina.query.export.fetch-size=200");
    query = QueryApiApplication.builder().run(queryArgs.toArray(String[]::new));
    ingestionPort = port(ingestion);
    queryPort = port(query);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  query.close();
                  ingestion.close();
                  worker.close();
                },
                "stop-lumina"));
  }

  static synchronized Lumina get() {
    if (instance == null) {
      instance = new Lumina();
    }
    return instance;
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** Sends spans through ingestion and waits until the worker stored every one of them. */
  void sendAndAwait(Collection<TestSpans.Span> spans) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestionPort + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(TestSpans.request(spans).toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> keys = spans.stream().map(s -> s.traceId() + s.spanId()).toList();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(25))
        .until(() -> storedCount(keys) == keys.size());
  }

  private static long storedCount(List<String> traceSpanIds) throws SQLException {
    try (Connection c = TestDatabase.shared().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM spans s JOIN traces t USING (project_id, trace_id)"
                    + " WHERE s.trace_id || s.span_id = ANY (?) AND t.span_count >= 1")) {
      Array array = c.createArrayOf("text", traceSpanIds.toArray());
      ps.setArray(1, array);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** GET on the query API: status and body. */
  Response get(String pathAndQuery) throws Exception {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  Response send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(
        r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + queryPort + pathAndQuery);
  }

  /** GET that must answer 200; the JSON body. */
  JsonNode ok(String pathAndQuery) throws Exception {
    Response r = get(pathAndQuery);
    assertThat(r.status()).as(pathAndQuery + " -> " + r.body()).isEqualTo(200);
    return r.json();
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static HttpClient http() {
    return HTTP;
  }

  record Response(int status, String contentType, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }
}
