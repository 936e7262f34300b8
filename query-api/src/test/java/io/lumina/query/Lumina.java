package io.lumina.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.ingestion.IngestionApplication;
import io.lumina.storage.StoredSpans;
import io.lumina.storage.spans.SpanWriter;
import io.lumina.testing.TestInfra;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query API every test of this module shares, in this JVM on this JVM's private database,
 * started on first use and stopped when the JVM exits. Test data goes in through the storage
 * module's writer, normalized and priced as the worker hands spans over ({@code StoredSpans}), so
 * no ingestion or worker has to run; ingestion starts only for a test that sends to it.
 */
final class Lumina {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Lumina instance;

  private final String[] common;
  private ConfigurableApplicationContext ingestion;
  final ConfigurableApplicationContext query;
  final int queryPort;
  private final SpanWriter writer;

  private Lumina() {
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, Object> e : TestInfra.properties().entrySet()) {
      args.add("--" + e.getKey() + "=" + e.getValue());
    }
    args.add("--server.port=0");
    args.add("--lumina.ingestion.otlp-port=-1");
    args.add("--lumina.ingestion.grpc-port=-1");
    args.add("--spring.main.banner-mode=off");
    common = args.toArray(String[]::new);
    List<String> queryArgs = new ArrayList<>(args);
    // short enough that tests polling an aggregate see new data quickly, long enough to test the
    // cache
    queryArgs.add("--lumina.query.cache.ttl=2s");
    queryArgs.add("--lumina.query.export.fetch-size=200");
    query = QueryApiApplication.builder().run(queryArgs.toArray(String[]::new));
    queryPort = port(query);
    writer = StoredSpans.writer(query.getBean(DataSource.class));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  query.close();
                  synchronized (this) {
                    if (ingestion != null) {
                      ingestion.close();
                    }
                  }
                },
                "stop-lumina"));
  }

  /** The port of an ingestion service on the same database and stream, started on first use. */
  synchronized int ingestionPort() {
    if (ingestion == null) {
      ingestion = IngestionApplication.builder().run(common);
    }
    return port(ingestion);
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

  /** Stores spans of the default project as the worker would, summaries and rollups included. */
  void sendAndAwait(Collection<TestSpans.Span> spans) throws Exception {
    writer.write(StoredSpans.of("default", TestSpans.request(spans)));
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
