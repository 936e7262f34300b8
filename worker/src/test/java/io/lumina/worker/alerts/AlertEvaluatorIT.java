package io.lumina.worker.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.testing.MutableClock;
import io.lumina.testing.WebhookReceiver;
import io.lumina.worker.notify.DeliveryDispatcher;
import io.lumina.worker.quality.ResponseQualityScorer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluator, scorer and outbox against the real PostgreSQL, one step at a time with a test
 * clock: history is seeded with past timestamps, then the current window, then one evaluation.
 */
class AlertEvaluatorIT {
  private static final String SECRET = "whsec-test-0123456789";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JdbcTemplate jdbc;
  private SpanSeeder seeder;
  private AlertEvaluator evaluator;
  private DeliveryDispatcher dispatcher;
  private MutableClock clock;
  private WebhookReceiver receiver;
  private String service;
  private Instant now;

  @BeforeEach
  void setUp() {
    jdbc = TestWorker.jdbc();
    seeder = new SpanSeeder(jdbc, "default");
    evaluator = TestWorker.bean(AlertEvaluator.class);
    dispatcher = TestWorker.bean(DeliveryDispatcher.class);
    clock = TestWorker.clock();
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock.set(now);
    evaluator.forgetBaselines();
    receiver = WebhookReceiver.start();
    service = "svc-" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.update(
        """
        INSERT INTO notification_channels (id, project_id, name, type, url, secret, services)
        VALUES (?, 'default', 'test receiver', 'webhook', ?, ?, ARRAY[?])""",
        "wh_" + HexFormat.of().toHexDigits(UUID.randomUUID().getMostSignificantBits()),
        receiver.url("/hook"),
        SECRET,
        service);
  }

  @AfterEach
  void tearDown() {
    jdbc.update("UPDATE alert_rules SET enabled = false");
    jdbc.update("UPDATE notification_channels SET enabled = false");
    jdbc.update(
        "DELETE FROM alert_deliveries WHERE status = 'pending'"); // each test counts its own
    receiver.close();
  }

  private String rule(String kind, double threshold) {
    String id = "rule_" + HexFormat.of().toHexDigits(UUID.randomUUID().getLeastSignificantBits());
    jdbc.update(
        "INSERT INTO alert_rules (id, project_id, service_name, kind, threshold, window_seconds) "
            + "VALUES (?, 'default', ?, ?, ?, 3600)",
        id,
        service,
        kind,
        threshold);
    return id;
  }

  /**
   * Two days before the window, twelve calls an hour at $0.01 and 800 ms: a baseline of $0.12 per
   * hour. The earliest starts exactly 48 h before the window.
   */
  private void normalHistory() {
    List<SpanSeeder.Call> calls = new java.util.ArrayList<>();
    for (int h = 0; h < 48; h++) {
      for (int k = 0; k < 12; k++) {
        calls.add(
            SpanSeeder.Call.cost(
                service,
                now.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(h * 60L + k * 5 + 5)),
                0.01));
      }
    }
    seeder.traces(calls);
  }

  private List<Map<String, Object>> alerts() {
    return jdbc.queryForList(
        "SELECT * FROM alerts WHERE service_name = ? ORDER BY fired_at", service);
  }

  @Test
  void costSpikeFiresOnceWhileItHoldsIsDeliveredSignedAndResolvesWhenItClears() throws Exception {
    String ruleId = rule("cost_spike", 2.0);
    normalHistory();
    for (int i = 0; i < 12; i++) { // $0.60 in the last hour: +400%
      seeder.trace(SpanSeeder.Call.cost(service, now.minus(Duration.ofMinutes(5 * i + 1)), 0.05));
    }

    assertThat(evaluator.evaluateOnce().evaluated()).isTrue();
    assertThat(evaluator.evaluateOnce().evaluated()).isTrue();

    List<Map<String, Object>> alerts = alerts();
    assertThat(alerts).as("one alert per episode").hasSize(1);
    Map<String, Object> alert = alerts.getFirst();
    assertThat(alert.get("rule_id")).isEqualTo(ruleId);
    assertThat(alert.get("status")).isEqualTo("firing");
    assertThat(alert.get("kind")).isEqualTo("cost_spike");
    assertThat(alert.get("endpoint")).isEqualTo("/api/chat");
    assertThat((Double) alert.get("baseline"))
        .isCloseTo(0.12, org.assertj.core.data.Offset.offset(1e-9));
    assertThat((Double) alert.get("current"))
        .isCloseTo(0.60, org.assertj.core.data.Offset.offset(1e-9));
    assertThat((Double) alert.get("change_pct"))
        .isCloseTo(400.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(alert.get("title")).isEqualTo("Cost Spike Detected");
    assertThat((String) alert.get("summary"))
        .contains(
            "Service: " + service,
            "Endpoint: /api/chat",
            "Baseline: $0.1200/hour",
            "Current: $0.6000/hour (+400%)",
            "Threshold: +200%",
            "Window: 1h");

    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    List<WebhookReceiver.Delivery> got = receiver.accepted("/hook");
    assertThat(got).hasSize(1);
    WebhookReceiver.Delivery delivery = got.getFirst();
    String timestamp = delivery.header("X-Lumina-Timestamp");
    assertThat(delivery.header("X-Lumina-Signature"))
        .isEqualTo("v1=" + hmac(SECRET, timestamp + "." + delivery.body()));
    assertThat(Long.parseLong(timestamp)).isEqualTo(now.getEpochSecond());
    JsonNode body = JSON.readTree(delivery.body());
    assertThat(body.path("event").asString()).isEqualTo("alert.triggered");
    assertThat(body.path("alert").path("service").asString()).isEqualTo(service);
    assertThat(body.path("alert").path("endpoint").asString()).isEqualTo("/api/chat");
    assertThat(body.path("alert").path("threshold").asDouble()).isEqualTo(2.0);
    assertThat(body.path("alert").path("window").asString()).isEqualTo("1h");
    assertThat(body.path("alert").path("changePct").asDouble()).isEqualTo(400.0);

    // the spike is over: two hours later the window holds no cost
    clock.advance(Duration.ofHours(2));
    assertThat(evaluator.evaluateOnce().evaluated()).isTrue();
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("status")).isEqualTo("resolved");
              assertThat(a.get("resolved_by")).isEqualTo("evaluator");
            });
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    assertThat(receiver.accepted("/hook")).hasSize(2);
    assertThat(JSON.readTree(receiver.accepted("/hook").get(1).body()).path("event").asString())
        .isEqualTo("alert.resolved");
  }

  @Test
  void normalVariationFiresNothing() {
    String cost = rule("cost_spike", 2.0);
    String latency = rule("latency_p95", 0.5);
    String errors = rule("error_rate", 0.05);
    normalHistory();
    for (int i = 0; i < 12; i++) { // cost +20..+75%, latency within 10%, no errors
      seeder.trace(
          new SpanSeeder.Call(
              service,
              "/api/chat",
              now.minus(Duration.ofMinutes(5 * i + 1)),
              0.012 + 0.0005 * i,
              760 + 7 * i,
              "ok",
              null,
              null));
    }
    AlertEvaluator.Evaluation evaluation = evaluator.evaluateOnce();
    assertThat(evaluation.failures()).isEmpty();
    assertThat(evaluation.outcomes())
        .as("every rule was evaluated and found the service within its threshold")
        .containsEntry(cost, AlertEvaluator.Outcome.CLEAR)
        .containsEntry(latency, AlertEvaluator.Outcome.CLEAR)
        .containsEntry(errors, AlertEvaluator.Outcome.CLEAR);
    assertThat(alerts()).isEmpty();
  }

  @Test
  void oneExpensiveRequestCannotPageAnyone() {
    String cost = rule("cost_spike", 2.0);
    normalHistory();
    seeder.trace(SpanSeeder.Call.cost(service, now.minus(Duration.ofMinutes(3)), 25.0));
    AlertEvaluator.Evaluation evaluation = evaluator.evaluateOnce();
    assertThat(evaluation.failures()).isEmpty();
    assertThat(evaluation.outcomes())
        .as("a breach resting on one span is too little data to fire")
        .containsEntry(cost, AlertEvaluator.Outcome.INSUFFICIENT_DATA);
    assertThat(alerts()).isEmpty();
  }

  @Test
  void errorRateAndLatencyRulesFire() {
    rule("error_rate", 0.05);
    rule("latency_p95", 0.5);
    normalHistory();
    for (int i = 0; i < 12; i++) { // a third fail, all take 3 s instead of 0.8 s
      seeder.trace(
          new SpanSeeder.Call(
              service,
              "/api/chat",
              now.minus(Duration.ofMinutes(4 * i + 1)),
              0.01,
              3000,
              i % 3 == 0 ? "error" : "ok",
              null,
              null));
    }
    evaluator.evaluateOnce();
    assertThat(alerts())
        .extracting(a -> a.get("kind"))
        .containsExactlyInAnyOrder("error_rate", "latency_p95");
    assertThat(alerts())
        .filteredOn(a -> a.get("kind").equals("latency_p95"))
        .singleElement()
        .satisfies(a -> assertThat((Double) a.get("current")).isEqualTo(3000.0));
  }

  @Test
  void aReceiverThatFailsTwiceStillGetsTheAlertWithBackoff() {
    rule("cost_spike", 2.0);
    normalHistory();
    for (int i = 0; i < 12; i++) {
      seeder.trace(SpanSeeder.Call.cost(service, now.minus(Duration.ofMinutes(5 * i + 1)), 0.05));
    }
    receiver.failNext(2, 503);
    evaluator.evaluateOnce();

    assertThat(dispatcher.dispatchOnce()).isEqualTo(1); // attempt 1: 503
    assertThat(dispatcher.dispatchOnce()).as("backing off, nothing due yet").isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1); // attempt 2: 503, next in 20 s
    clock.advance(Duration.ofSeconds(10));
    assertThat(dispatcher.dispatchOnce()).as("backoff doubled").isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1); // attempt 3: accepted

    assertThat(receiver.all())
        .extracting(WebhookReceiver.Delivery::answeredWith)
        .containsExactly(503, 503, 200);
    Map<String, Object> delivery =
        jdbc.queryForMap(
            """
        SELECT d.status, d.attempts, d.last_status_code FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
        WHERE a.service_name = ?""",
            service);
    assertThat(delivery)
        .containsEntry("status", "delivered")
        .containsEntry("attempts", 3)
        .containsEntry("last_status_code", 200);
  }

  @Test
  void qualityDropFromMeaningChangesFiresAndMarksSpansDegraded() {
    rule("quality_drop", 0.2);
    String[][] qa = {
      {"What is the capital of France?", "The capital of France is Paris."},
      {"How many days are in a week?", "A week has seven days."},
      {"What colour is the sky on a clear day?", "On a clear day the sky is blue."},
      {"Who wrote Hamlet?", "Hamlet was written by William Shakespeare."},
      {
        "What is the boiling point of water at sea level?",
        "Water boils at 100 degrees Celsius at sea level."
      }
    };
    for (int round = 0;
        round < 6;
        round++) { // history: the same answers, the first of each is the baseline
      for (int q = 0; q < qa.length; q++) {
        seeder.trace(
            SpanSeeder.Call.answer(
                service,
                now.minus(Duration.ofHours(30 - round * 4L)).plusSeconds(q),
                qa[q][0],
                qa[q][1]));
      }
    }
    String[] changed = {
      "I am unable to answer questions about geography.",
      "Weeks are a social construct.",
      "Please consult a meteorologist.",
      "Sorry, I cannot help with literature.",
      "That depends on many factors."
    };
    List<String> degradedTraces = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      degradedTraces.add(
          seeder.trace(
              SpanSeeder.Call.answer(
                  service,
                  now.minus(Duration.ofMinutes(4 * i + 1)),
                  qa[i % qa.length][0],
                  changed[i % changed.length])));
    }
    ResponseQualityScorer scorer = TestWorker.bean(ResponseQualityScorer.class);
    while (scorer.scoreBatch() > 0) {
      // drain the backlog
    }

    Map<String, Object> history =
        jdbc.queryForMap(
            """
        SELECT count(similarity) AS scored, avg(similarity) AS mean FROM spans
        WHERE service_name = ? AND start_time < ?""",
            service,
            java.sql.Timestamp.from(now.minus(Duration.ofHours(1))));
    assertThat(history.get("scored")).isEqualTo(25L);
    assertThat((Double) history.get("mean")).isEqualTo(1.0);

    evaluator.evaluateOnce();
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("kind")).isEqualTo("quality_drop");
              assertThat(a.get("endpoint")).isEqualTo("/api/search");
              assertThat((Double) a.get("baseline")).isEqualTo(1.0);
              assertThat((Double) a.get("current")).isLessThan(0.5);
              assertThat((String) a.get("summary"))
                  .contains("Baseline: 1.00 similarity", "Threshold: -20%");
            });
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT status FROM spans WHERE service_name = ? AND is_llm AND start_time > ?",
                String.class,
                service,
                java.sql.Timestamp.from(now.minus(Duration.ofHours(1)))))
        .containsExactly("degraded");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM traces WHERE trace_id = ANY (?::text[]) AND status = 'degraded'",
                Long.class,
                "{" + String.join(",", degradedTraces) + "}"))
        .isEqualTo(12L);
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    assertThat(receiver.accepted("/hook")).hasSize(1);
  }

  @Test
  void onlyTheReplicaHoldingTheLockEvaluates() throws Exception {
    DataSource dataSource = TestWorker.bean(DataSource.class);
    long key = TestWorker.bean(AlertsProperties.class).lockKey();
    try (Connection other = dataSource.getConnection()) {
      try (PreparedStatement ps = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
        ps.setLong(1, key);
        ps.execute();
      }
      assertThat(evaluator.evaluateOnce().evaluated())
          .as("another replica holds the lock")
          .isFalse();
      try (PreparedStatement ps = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, key);
        ps.execute();
      }
    }
    assertThat(evaluator.evaluateOnce().evaluated()).isTrue();
  }

  static String hmac(String secret, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }
}
