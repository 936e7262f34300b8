package io.lumina.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.queue.jetstream.JetStreamSpanQueue;
import io.lumina.testing.OtlpSpans;
import io.lumina.testing.TestDatabase;
import io.lumina.testing.TestInfra;
import io.lumina.testing.TestNats;
import io.lumina.wire.SpanBatch;
import io.lumina.wire.WireHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two worker replicas in this JVM sharing one durable consumer on the real NATS and PostgreSQL:
 * they split the work, store every span once, dead-letter unreadable messages with the reason, and
 * report NATS and PostgreSQL in their health.
 */
class WorkerIT {
  static ConfigurableApplicationContext first;
  static ConfigurableApplicationContext second;
  static Connection nats;
  static JetStreamSpanQueue queue;

  /**
   * Its own stream and durable: worker contexts other test classes left running must not take its
   * messages.
   */
  static PrivateStream stream;

  @BeforeAll
  static void start() throws Exception {
    TestDatabase.shared().migrate(); // before two replicas race to
    stream = new PrivateStream();
    first = startWorker();
    second = startWorker();
    nats = TestNats.shared().connect();
    queue = new JetStreamSpanQueue(nats, stream.settings());
  }

  static ConfigurableApplicationContext startWorker() {
    List<String> args = new ArrayList<>();
    Map<String, Object> props = new java.util.LinkedHashMap<>(TestInfra.properties());
    props.putAll(stream.properties());
    props.forEach((k, v) -> args.add("--" + k + "=" + v));
    args.addAll(
        List.of(
            "--server.port=0",
            "--lumina.retention.days=0",
            "--lumina.worker.batch-size=10",
            "--lumina.worker.fetch-wait=200ms",
            "--lumina.worker.ack-wait=5s",
            "--lumina.worker.retry-backoff=200ms",
            "--lumina.worker.max-deliveries=2",
            "--lumina.worker.lag-interval=200ms"));
    return WorkerApplication.builder().run(args.toArray(String[]::new));
  }

  @AfterAll
  static void stop() throws Exception {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    if (nats != null) {
      nats.close();
    }
    if (stream != null) {
      stream.close();
    }
  }

  @Test
  void twoReplicasSplitTheStreamAndStoreEverySpanExactlyOnce() throws Exception {
    String project = "two" + UUID.randomUUID().toString().substring(0, 8);
    double firstBefore = stored(first);
    double secondBefore = stored(second);
    int messages = 80;
    int perMessage = 5;
    List<SpanBatch> batches = new ArrayList<>();
    for (int m = 0; m < messages; m++) {
      String trace = OtlpSpans.randomTraceId();
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < perMessage; i++) {
        spans.add(
            OtlpSpans.llmSpan(
                    trace, OtlpSpans.randomSpanId(), null, Instant.now(), "gpt-4o-mini", 100, 10)
                .build());
      }
      batches.add(Otlp.batch(project, "svc-" + (m % 3), spans));
    }
    for (SpanBatch b : batches) {
      queue.publish(b).get();
    }
    // A client retry of the first ten messages, published again under new message ids.
    for (SpanBatch b : batches.subList(0, 10)) {
      queue
          .publish(
              new SpanBatch(
                  b.projectId(), b.receivedAtMillis(), b.payload(), b.messageId() + "-retry"))
          .get();
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                stored(first) - firstBefore + stored(second) - secondBefore
                    >= messages * perMessage);
    assertThat(count("SELECT count(*) FROM spans WHERE project_id = '" + project + "'"))
        .isEqualTo(messages * perMessage);
    assertThat(
            count(
                "SELECT coalesce(sum(span_count), 0) FROM span_rollups_hourly WHERE project_id = '"
                    + project
                    + "'"))
        .isEqualTo(messages * perMessage);
    assertThat(
            count(
                "SELECT coalesce(sum(span_count), 0) FROM traces WHERE project_id = '"
                    + project
                    + "'"))
        .isEqualTo(messages * perMessage);
    assertThat(stored(first) - firstBefore).as("first replica stored some").isPositive();
    assertThat(stored(second) - secondBefore).as("second replica stored some").isPositive();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                meter(first, "lumina.worker.spans.duplicate")
                        + meter(second, "lumina.worker.spans.duplicate")
                    >= 10 * perMessage);
  }

  @Test
  void unreadableMessageGoesToTheDeadLetterSubjectWithItsReason() throws Exception {
    String dead = stream.settings().deadLetterSubject();
    Subscription sub = nats.subscribe(dead);
    nats.flush(Duration.ofSeconds(2));
    double deadBefore = deadLetters(first) + deadLetters(second);
    String project = "dl" + UUID.randomUUID().toString().substring(0, 8);

    queue
        .publish(new SpanBatch(project, 1, "not protobuf at all".getBytes(), "poison-" + project))
        .get();
    queue
        .publish(
            Otlp.batch(
                project,
                "svc",
                List.of(
                    OtlpSpans.span(
                            OtlpSpans.randomTraceId(),
                            OtlpSpans.randomSpanId(),
                            null,
                            "fine",
                            Instant.now(),
                            5)
                        .build())))
        .get();

    Message letter = sub.nextMessage(Duration.ofSeconds(30));
    assertThat(letter).as("dead letter on " + dead).isNotNull();
    assertThat(new String(letter.getData())).isEqualTo("not protobuf at all");
    assertThat(letter.getHeaders().getFirst(WireHeaders.DEAD_LETTER_REASON))
        .startsWith("payload is not an OTLP ExportTraceServiceRequest");
    assertThat(letter.getHeaders().getFirst(WireHeaders.PROJECT)).isEqualTo(project);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> count("SELECT count(*) FROM spans WHERE project_id = '" + project + "'") == 1);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> deadLetters(first) + deadLetters(second) - deadBefore == 1);
    sub.unsubscribe();
  }

  @Test
  void healthCoversNatsAndPostgresAndMetricsAreExported() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    int port = ((WebServerApplicationContext) first).getWebServer().getPort();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode components = JsonMapper.builder().build().readTree(health.body()).get("components");
    assertThat(components.at("/nats/status").asString()).isEqualTo("UP");
    assertThat(components.at("/db/status").asString()).isEqualTo("UP");

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !Double.isNaN(meter(first, "lumina.worker.consumer.lag")));
    HttpResponse<String> prometheus =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body())
        .contains(
            "lumina_worker_consumer_lag_messages",
            "lumina_worker_batch_size_spans",
            "lumina_worker_insert_latency_seconds",
            "lumina_worker_spans_stored_total",
            "lumina_worker_redeliveries_total",
            "lumina_worker_dead_letters_total",
            "lumina_worker_database_up");
  }

  static double stored(ConfigurableApplicationContext ctx) {
    return meter(ctx, "lumina.worker.spans.stored");
  }

  static double deadLetters(ConfigurableApplicationContext ctx) {
    return ctx.getBean(MeterRegistry.class).get("lumina.worker.dead.letters").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  static double meter(ConfigurableApplicationContext ctx, String name) {
    var m = ctx.getBean(MeterRegistry.class).get(name).meter();
    return m.measure().iterator().next().getValue();
  }

  static long count(String sql) throws Exception {
    try (var c = TestDatabase.shared().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Map<String, Object> props() {
    return TestInfra.properties();
  }
}
