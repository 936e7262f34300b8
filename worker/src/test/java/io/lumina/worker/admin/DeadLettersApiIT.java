package io.lumina.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.security.ApiKeyRole;
import io.lumina.security.ApiKeys;
import io.lumina.security.ProjectKeyStore;
import io.lumina.testing.OtlpSpans;
import io.lumina.testing.TestDatabase;
import io.lumina.wire.SpanBatch;
import io.lumina.wire.WireHeaders;
import io.lumina.worker.Otlp;
import io.lumina.worker.PrivateStream;
import io.lumina.worker.WorkerApplication;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's dead-letter admin API over real JetStream and PostgreSQL, with authentication on: a
 * message the worker gives up on is listed with its reason and deliveries, shown with its payload,
 * and replayed into the queue, where the worker stores it; only admin keys get in, and a project's
 * admin sees only its project.
 */
class DeadLettersApiIT {
  private static final String ADMIN_KEY = ApiKeys.generate();
  private static final JsonMapper json = JsonMapper.builder().build();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static TestDatabase db;
  private static PrivateStream stream;
  private static ConfigurableApplicationContext worker;
  private static Connection nats;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.createPrivate("deadletters");
    stream = new PrivateStream();
    List<String> args = new ArrayList<>();
    args.add("--spring.datasource.url=" + db.jdbcUrl());
    args.add("--spring.datasource.username=" + db.user());
    args.add("--spring.datasource.password=" + db.password());
    stream.properties().forEach((k, v) -> args.add("--" + k + "=" + v));
    args.addAll(
        List.of(
            "--server.port=0",
            "--lumina.security.admin-key=" + ADMIN_KEY,
            "--lumina.retention.days=0",
            "--lumina.worker.fetch-wait=200ms",
            "--lumina.worker.retry-backoff=200ms",
            "--lumina.worker.max-deliveries=2"));
    worker = WorkerApplication.builder().run(args.toArray(String[]::new));
    port = ((WebServerApplicationContext) worker).getWebServer().getPort();
    nats = io.lumina.testing.TestNats.shared().connect();
  }

  @AfterAll
  static void stop() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (nats != null) {
      nats.close();
    }
    if (stream != null) {
      stream.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aGivenUpMessageIsListedShownAndReplayedThenStored() throws Exception {
    stream.publish(new SpanBatch("default", 1, "not protobuf".getBytes(), "poison-api-1"));
    JsonNode list = awaitList(1);
    JsonNode letter = list.get("deadLetters").get(0);
    assertThat(letter.get("projectId").asString()).isEqualTo("default");
    assertThat(letter.get("reason").asString())
        .startsWith("payload is not an OTLP ExportTraceServiceRequest");
    assertThat(letter.get("messageId").asString()).isEqualTo("poison-api-1");
    assertThat(letter.get("deliveries").asLong()).isEqualTo(1);
    assertThat(letter.get("payloadBase64").isNull()).isTrue();

    long id = letter.get("id").asLong();
    JsonNode shown = json.readTree(send("GET", "/api/admin/dead-letters/" + id, ADMIN_KEY).body());
    assertThat(new String(Base64.getDecoder().decode(shown.get("payloadBase64").asString())))
        .isEqualTo("not protobuf");
    assertThat(shown.get("spans").isNull()).as("unreadable payload: no span count").isTrue();

    // A message that failed while something else was wrong, dead-lettered with valid spans.
    String traceId = OtlpSpans.randomTraceId();
    Span span =
        OtlpSpans.span(traceId, OtlpSpans.randomSpanId(), null, "recovered", Instant.now(), 5)
            .build();
    SpanBatch valid = Otlp.batch("default", "svc", List.of(span));
    nats.jetStream()
        .publish(
            NatsMessage.builder()
                .subject(stream.settings().deadLetterSubject())
                .headers(
                    new Headers()
                        .add(WireHeaders.PROJECT, "default")
                        .add(WireHeaders.RECEIVED_AT, "1700000000000")
                        .add(WireHeaders.MESSAGE_ID, valid.messageId())
                        .add(WireHeaders.DEAD_LETTER_REASON, "write failed (SQLState 22P05)")
                        .add(WireHeaders.DELIVERIES, "5"))
                .data(valid.payload())
                .build());
    JsonNode two = awaitList(2);
    long validId = two.get("deadLetters").get(1).get("id").asLong();
    JsonNode validShown =
        json.readTree(send("GET", "/api/admin/dead-letters/" + validId, ADMIN_KEY).body());
    assertThat(validShown.get("spans").asInt()).isEqualTo(1);
    assertThat(validShown.get("deliveries").asLong()).isEqualTo(5);

    HttpResponse<String> replayed =
        send("POST", "/api/admin/dead-letters/" + validId + "/replay", ADMIN_KEY);
    assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
    assertThat(json.readTree(replayed.body()).get("replayed").asInt()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> count("SELECT count(*) FROM spans WHERE trace_id = '" + traceId + "'") == 1);
    assertThat(send("GET", "/api/admin/dead-letters/" + validId, ADMIN_KEY).statusCode())
        .isEqualTo(404);
    assertThat(
            send("POST", "/api/admin/dead-letters/" + validId + "/replay", ADMIN_KEY).statusCode())
        .isEqualTo(404);

    // Replaying everything puts the unreadable one back; the worker gives up on it again.
    HttpResponse<String> all = send("POST", "/api/admin/dead-letters/replay", ADMIN_KEY);
    assertThat(json.readTree(all.body()).get("replayed").asInt()).isEqualTo(1);
    JsonNode again = awaitList(1);
    assertThat(again.get("deadLetters").get(0).get("id").asLong()).isNotEqualTo(id);
  }

  @Test
  void onlyAdminKeysGetInAndAProjectAdminSeesOnlyItsProject() throws Exception {
    ProjectKeyStore keys = worker.getBean(ProjectKeyStore.class);
    keys.createProject("dlother", "other");
    String readKey = keys.issueKey("default", "reader", ApiKeyRole.READ).orElseThrow().secret();
    String otherAdmin = keys.issueKey("dlother", "admin", ApiKeyRole.ADMIN).orElseThrow().secret();

    assertThat(send("GET", "/api/admin/dead-letters", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/admin/dead-letters", readKey).statusCode()).isEqualTo(403);
    assertThat(send("POST", "/api/admin/dead-letters/replay", readKey).statusCode()).isEqualTo(403);
    HttpResponse<String> own = send("GET", "/api/admin/dead-letters", otherAdmin);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    for (JsonNode d : json.readTree(own.body()).get("deadLetters")) {
      assertThat(d.get("projectId").asString()).isEqualTo("dlother");
    }
    assertThat(send("GET", "/api/admin/dead-letters?project=default", otherAdmin).statusCode())
        .isEqualTo(403);
    assertThat(send("GET", "/api/admin/dead-letters?limit=0", ADMIN_KEY).statusCode())
        .isEqualTo(400);
    assertThat(send("GET", "/api/admin/dead-letters/abc", ADMIN_KEY).statusCode()).isEqualTo(400);
  }

  private static JsonNode awaitList(int size) throws Exception {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> r =
                  send("GET", "/api/admin/dead-letters?project=default", ADMIN_KEY);
              last[0] = json.readTree(r.body());
              return r.statusCode() == 200 && last[0].get("deadLetters").size() == size;
            });
    return last[0];
  }

  private static HttpResponse<String> send(String method, String path, String key)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long count(String sql) throws Exception {
    try (var c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
