package io.lumina.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.testing.WebhookReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The whole path with real parts: OTLP/JSON into the ingestion service, JetStream, the worker
 * (store, quality scoring, alert evaluation, delivery), PostgreSQL, the query API, and a local
 * webhook receiver that refuses the first two deliveries. History is sent with past timestamps (the
 * baseline), then normal traffic (no alert), then a cost spike and a quality drop (alerts,
 * delivered and signed).
 */
class AlertsEndToEndIT {
  private static final String SECRET = "whsec_e2e_" + UUID.randomUUID();
  private static final String[][] QA = {
    {"What is the capital of France?", "The capital of France is Paris."},
    {"How many days are in a week?", "A week has seven days."},
    {"What colour is the sky on a clear day?", "On a clear day the sky is blue."},
    {"Who wrote Hamlet?", "Hamlet was written by William Shakespeare."},
    {
      "What is the boiling point of water at sea level?",
      "Water boils at 100 degrees Celsius at sea level."
    }
  };
  private static final String[] CHANGED = {
    "I am unable to answer questions about geography.",
    "Weeks are a social construct.",
    "Please consult a meteorologist.",
    "Sorry, I cannot help with literature.",
    "That depends on many factors."
  };

  private static AlertsPlatform platform;
  private static WebhookReceiver receiver;
  private final String service = "chat-api-" + UUID.randomUUID().toString().substring(0, 6);

  @BeforeAll
  static void start() {
    platform = AlertsPlatform.get();
    receiver = WebhookReceiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @Test
  void normalTrafficStaysQuietThenCostSpikeAndQualityDropAlertAndArriveSigned() throws Exception {
    AlertsPlatform.Response channel =
        platform.api(
            "POST",
            "/api/webhooks",
            Map.of(
                "name",
                "ops",
                "type",
                "webhook",
                "url",
                receiver.url("/lumina"),
                "secret",
                SECRET,
                "services",
                List.of(service)));
    assertThat(channel.status()).isEqualTo(201);
    assertThat(channel.body().has("secret")).isFalse();
    AlertsPlatform.Response configured =
        platform.api(
            "POST",
            "/api/alerts/configure",
            Map.of(
                "service", service, "costThreshold", 2.0, "qualityThreshold", 0.2, "window", "1h"));
    assertThat(configured.status()).isEqualTo(200);
    assertThat(configured.body().path("rules").findValuesAsString("kind"))
        .containsExactlyInAnyOrder("cost_spike", "quality_drop");

    // History: two days before the window, ten calls an hour at $0.01, the same answer for the same
    // question.
    Instant now = Instant.now();
    List<Otlp.Call> history = new ArrayList<>();
    for (int h = 0; h < 48; h++) {
      for (int k = 0; k < 10; k++) {
        String[] qa = QA[(h * 10 + k) % QA.length];
        history.add(
            new Otlp.Call(
                now.minus(Duration.ofMinutes(65 + h * 60L + k * 6)), 0.01, prompt(qa[0]), qa[1]));
      }
    }
    send(history);
    // Normal traffic now: a bit more and a bit pricier than usual, same answers.
    List<Otlp.Call> normal = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String[] qa = QA[i % QA.length];
      normal.add(
          new Otlp.Call(
              now.minus(Duration.ofMinutes(2 * i + 1)), 0.010 + 0.0005 * i, prompt(qa[0]), qa[1]));
    }
    send(normal);
    JdbcTemplate db = platform.worker.getBean(JdbcTemplate.class);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                db.queryForObject(
                        "SELECT count(*) FROM spans WHERE service_name = ? AND response IS NOT NULL AND scored_at IS NOT NULL",
                        Long.class,
                        service)
                    == 492);
    assertThat(
            db.queryForObject(
                "SELECT sum(cost_usd)::float8 FROM spans WHERE service_name = ?",
                Double.class,
                service))
        .as("the flat cost_usd key priced the spans")
        .isCloseTo(4.8 + 0.153, org.assertj.core.data.Offset.offset(1e-6));
    MeterRegistry meters = platform.worker.getBean(MeterRegistry.class);
    double ticks = meters.counter("lumina.alerts.evaluations").count();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> meters.counter("lumina.alerts.evaluations").count() >= ticks + 2);
    assertThat(alerts("").path("alerts")).as("normal variation fires nothing").isEmpty();
    assertThat(receiver.all()).isEmpty();

    // Cost spike: fifteen calls at $0.08 now. The receiver refuses the first two deliveries.
    receiver.failNext(2, 503);
    Instant sent = Instant.now();
    List<Otlp.Call> spike = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      String[] qa = QA[i % QA.length];
      spike.add(new Otlp.Call(Instant.now().minusSeconds(i), 0.08, prompt(qa[0]), qa[1]));
    }
    send(spike);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                db.queryForObject(
                        "SELECT count(*) FROM spans WHERE service_name = ? AND cost_usd = 0.08",
                        Long.class,
                        service)
                    == 15);
    Duration traceToStored = Duration.between(sent, Instant.now());
    WebhookReceiver.Delivery costDelivery =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> accepted("cost_spike"), d -> d != null);
    Duration traceToAlert = Duration.between(sent, costDelivery.receivedAt());
    assertThat(traceToAlert).as("trace to delivered alert").isLessThan(Duration.ofSeconds(60));
    LoggerFactory.getLogger(AlertsEndToEndIT.class)
        .info(
            "cost spike: stored {} ms after sending; "
                + "delivered alert {} ms after sending, through two refused attempts",
            traceToStored.toMillis(),
            traceToAlert.toMillis());
    assertThat(receiver.all())
        .extracting(WebhookReceiver.Delivery::answeredWith)
        .startsWith(503, 503);
    assertSigned(costDelivery);
    JsonNode costAlert = AlertsPlatform.JSON.readTree(costDelivery.body()).path("alert");
    assertThat(costAlert.path("service").asString()).isEqualTo(service);
    assertThat(costAlert.path("endpoint").asString()).isEqualTo("/api/chat");
    assertThat(costAlert.path("baseline").asDouble())
        .isCloseTo(0.10, org.assertj.core.data.Offset.offset(0.005));
    assertThat(costAlert.path("changePct").asDouble()).isGreaterThan(200);
    assertThat(costAlert.path("threshold").asDouble()).isEqualTo(2.0);
    assertThat(costAlert.path("window").asString()).isEqualTo("1h");

    JsonNode listed = alerts("&status=firing&kind=cost_spike").path("alerts");
    assertThat(listed).hasSize(1);
    String costId = listed.get(0).path("id").asString();
    JsonNode deliveries =
        platform
            .api("GET", "/api/alerts/" + costId + "/deliveries", null)
            .body()
            .path("deliveries");
    assertThat(deliveries)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path("status").asString()).isEqualTo("delivered");
              assertThat(d.path("attempts").asInt()).isEqualTo(3);
              assertThat(d.path("event").asString()).isEqualTo("trigger");
            });

    // Quality drop: the same questions now get answers that mean something else.
    List<Otlp.Call> drifted = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      drifted.add(
          new Otlp.Call(
              Instant.now().minusSeconds(i),
              0.0001,
              prompt(QA[i % QA.length][0]),
              CHANGED[i % CHANGED.length]));
    }
    send(drifted);
    WebhookReceiver.Delivery qualityDelivery =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> accepted("quality_drop"), d -> d != null);
    assertSigned(qualityDelivery);
    JsonNode qualityAlert = AlertsPlatform.JSON.readTree(qualityDelivery.body()).path("alert");
    assertThat(qualityAlert.path("baseline").asDouble()).isEqualTo(1.0);
    assertThat(qualityAlert.path("current").asDouble()).isLessThan(0.8);
    assertThat(qualityAlert.path("summary").asString()).contains("Threshold: -20%");
    assertThat(
            db.queryForObject(
                "SELECT count(*) FROM spans WHERE service_name = ? AND status = 'degraded'",
                Long.class,
                service))
        .as("meaning changes mark their spans degraded")
        .isEqualTo(20L);

    // Operators acknowledge and resolve through the API; resolving notifies the channel.
    String qualityId = qualityAlert.path("id").asString();
    AlertsPlatform.Response ack =
        platform.api("POST", "/api/alerts/" + qualityId + "/acknowledge", null);
    assertThat(ack.status()).isEqualTo(200);
    assertThat(ack.body().path("status").asString()).isEqualTo("acknowledged");
    AlertsPlatform.Response resolved =
        platform.api("POST", "/api/alerts/" + qualityId + "/resolve", null);
    assertThat(resolved.body().path("status").asString()).isEqualTo("resolved");
    assertThat(resolved.body().path("resolvedBy").asString()).isEqualTo("api");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                receiver.accepted("/lumina").stream()
                    .anyMatch(
                        d ->
                            "alert.resolved".equals(d.header("X-Lumina-Event"))
                                && d.body().contains(qualityId)));
  }

  private void send(List<Otlp.Call> calls) {
    for (int from = 0; from < calls.size(); from += 100) {
      assertThat(
              platform.sendOtlp(
                  Otlp.request(service, calls.subList(from, Math.min(calls.size(), from + 100)))))
          .isEqualTo(200);
    }
  }

  private JsonNode alerts(String query) {
    AlertsPlatform.Response r = platform.api("GET", "/api/alerts?service=" + service + query, null);
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  private WebhookReceiver.Delivery accepted(String kind) {
    return receiver.accepted("/lumina").stream()
        .filter(d -> "alert.triggered".equals(d.header("X-Lumina-Event")))
        .filter(
            d ->
                AlertsPlatform.JSON
                    .readTree(d.body())
                    .path("alert")
                    .path("kind")
                    .asString()
                    .equals(kind))
        .findFirst()
        .orElse(null);
  }

  private static void assertSigned(WebhookReceiver.Delivery d) throws Exception {
    String timestamp = d.header("X-Lumina-Timestamp");
    assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond()))
        .isLessThan(120);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        "v1="
            + HexFormat.of()
                .formatHex(
                    mac.doFinal((timestamp + "." + d.body()).getBytes(StandardCharsets.UTF_8)));
    assertThat(d.header("X-Lumina-Signature")).isEqualTo(expected);
  }

  /**
   * The prompt as this test's service sends it: baselines are per project and prompt, and other
   * tests in this JVM send the same questions to the default project with other answers.
   */
  private String prompt(String question) {
    return question + " [" + service + "]";
  }
}
