package io.lumina.ingestion.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.ingestion.IngestionApplication;
import io.lumina.queue.QueueBacklog;
import io.lumina.testing.OtlpRequests;
import io.lumina.testing.TestInfra;
import io.lumina.testing.TestNats;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Backlog admission against a real JetStream stream of its own that no worker drains: once the
 * stream holds more than the limit, requests get 503 with {@code Retry-After} and nothing reaches
 * the stream; once it is drained, requests are accepted again.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=" + IngestionApplication.CONFIG_NAME,
    classes = IngestionApplication.class)
class BacklogAdmissionIT {
  private static final String PREFIX = TestNats.shared().newPrefix();
  private static final String STREAM = PREFIX + "LUMINA_SPANS";
  private static final int MAX_MESSAGES = 2;

  @LocalServerPort int port;
  @Autowired BacklogAdmission admission;
  @Autowired MeterRegistry meters;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Connection nats;
  private JetStreamManagement jsm;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestInfra.properties().forEach((k, v) -> registry.add(k, () -> v));
    registry.add("lumina.nats.prefix", () -> PREFIX);
    registry.add("lumina.ingestion.otlp-port", () -> "-1");
    registry.add("lumina.ingestion.grpc-port", () -> "-1");
    registry.add("lumina.ingestion.daily-trace-limit", () -> "0");
    registry.add("lumina.ingestion.retry-after", () -> "3s");
    registry.add("lumina.ingestion.backlog.max-bytes", () -> "0");
    registry.add("lumina.ingestion.backlog.max-messages", () -> Integer.toString(MAX_MESSAGES));
    registry.add("lumina.ingestion.backlog.refresh-interval", () -> "100ms");
  }

  @BeforeEach
  void connect() throws Exception {
    nats = TestNats.shared().connect();
    jsm = nats.jetStreamManagement();
    jsm.purgeStream(STREAM);
    awaitReading(b -> b.messages() == 0, "empty stream");
  }

  @AfterEach
  void close() throws InterruptedException {
    nats.close();
  }

  @Test
  void overTheLimitRequestsAreRefusedWithRetryAfterAndNothingIsPublishedUntilItDrains()
      throws Exception {
    for (int i = 0; i <= MAX_MESSAGES; i++) {
      assertThat(export().statusCode()).as("request %d, under the limit", i).isEqualTo(200);
    }
    assertThat(storedMessages()).isEqualTo(MAX_MESSAGES + 1);
    awaitReading(b -> b.messages() > MAX_MESSAGES, "the backlog over the limit");
    double refusedBefore = meters.counter("lumina.ingestion.backlog.refusals").count();

    HttpResponse<byte[]> refused = export();

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(storedMessages()).as("nothing published while refused").isEqualTo(MAX_MESSAGES + 1);
    assertThat(meters.counter("lumina.ingestion.backlog.refusals").count())
        .isEqualTo(refusedBefore + 1);
    assertThat(meters.get("lumina.ingestion.backlog.messages").gauge().value())
        .isEqualTo(MAX_MESSAGES + 1);

    jsm.purgeStream(STREAM); // what workers acknowledging everything do to a work-queue stream
    awaitReading(b -> b.messages() == 0, "the drained stream");

    assertThat(export().statusCode()).as("accepted again once drained").isEqualTo(200);
    assertThat(storedMessages()).isEqualTo(1);
  }

  private HttpResponse<byte[]> export() throws Exception {
    byte[] body = OtlpRequests.traces("backlog-it", 1, 2).toByteArray();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private long storedMessages() throws Exception {
    return jsm.getStreamInfo(STREAM).getStreamState().getMsgCount();
  }

  /** The background refresh runs every 100 ms: waits for it at most 5 s. */
  private void awaitReading(Predicate<QueueBacklog> condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.test(admission.lastReading()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(admission.lastReading()).as(what).matches(condition);
  }
}
