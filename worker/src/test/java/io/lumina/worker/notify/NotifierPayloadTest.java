package io.lumina.worker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.ChannelType;
import io.lumina.storage.alerts.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NotifierPayloadTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Delivery.Alert ALERT =
      new Delivery.Alert(
          "alert_00112233445566aa",
          AlertKind.COST_SPIKE,
          "Cost Spike Detected",
          "Service: chat-api\nEndpoint: /api/chat",
          "chat-api",
          "/api/chat",
          "firing",
          0.5,
          2.3,
          360.0,
          2.0,
          3600,
          40,
          900,
          NOW.minusSeconds(5),
          null);

  private static Delivery delivery(ChannelType type, String event, String secret) {
    return new Delivery(
        7,
        "default",
        event,
        0,
        ALERT,
        new Delivery.Channel(
            "wh_1", "ops", type, true, "http://127.0.0.1:9/hook", secret, List.of()));
  }

  @Test
  void webhookCarriesTheAlertFieldsAndAnHmacOverTimestampAndBody() throws Exception {
    Notifier.Outgoing out =
        new WebhookNotifier().request(delivery(ChannelType.WEBHOOK, "trigger", "k3y"), NOW);
    JsonNode body = JSON.readTree(out.body());
    assertThat(body.path("event").asString()).isEqualTo("alert.triggered");
    JsonNode alert = body.path("alert");
    assertThat(alert.path("service").asString()).isEqualTo("chat-api");
    assertThat(alert.path("endpoint").asString()).isEqualTo("/api/chat");
    assertThat(alert.path("baseline").asDouble()).isEqualTo(0.5);
    assertThat(alert.path("current").asDouble()).isEqualTo(2.3);
    assertThat(alert.path("changePct").asDouble()).isEqualTo(360.0);
    assertThat(alert.path("threshold").asDouble()).isEqualTo(2.0);
    assertThat(alert.path("window").asString()).isEqualTo("1h");
    assertThat(out.headers()).containsEntry("X-Lumina-Timestamp", "1795780800");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("k3y".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        "v1="
            + HexFormat.of()
                .formatHex(
                    mac.doFinal(("1795780800." + out.body()).getBytes(StandardCharsets.UTF_8)));
    assertThat(out.headers()).containsEntry("X-Lumina-Signature", expected);
  }

  @Test
  void webhookWithoutSecretIsUnsigned() {
    Notifier.Outgoing out =
        new WebhookNotifier().request(delivery(ChannelType.WEBHOOK, "trigger", null), NOW);
    assertThat(out.headers()).doesNotContainKey("X-Lumina-Signature");
  }

  @Test
  void pagerDutyTriggersAndResolvesOneIncidentPerAlert() {
    JsonNode trigger =
        JSON.readTree(
            new PagerDutyNotifier()
                .request(delivery(ChannelType.PAGERDUTY, "trigger", "R0UTING"), NOW)
                .body());
    assertThat(trigger.path("routing_key").asString()).isEqualTo("R0UTING");
    assertThat(trigger.path("event_action").asString()).isEqualTo("trigger");
    assertThat(trigger.path("dedup_key").asString()).isEqualTo("lumina-alert_00112233445566aa");
    assertThat(trigger.path("payload").path("summary").asString())
        .isEqualTo("Cost Spike Detected: chat-api /api/chat");
    assertThat(trigger.path("payload").path("source").asString()).isEqualTo("chat-api");
    assertThat(trigger.path("payload").path("severity").asString())
        .isIn("critical", "error", "warning", "info");
    JsonNode resolve =
        JSON.readTree(
            new PagerDutyNotifier()
                .request(delivery(ChannelType.PAGERDUTY, "resolve", "R0UTING"), NOW)
                .body());
    assertThat(resolve.path("event_action").asString()).isEqualTo("resolve");
    assertThat(resolve.path("dedup_key").asString()).isEqualTo("lumina-alert_00112233445566aa");
    assertThat(resolve.has("payload")).isFalse();
  }

  @Test
  void slackGetsTextAndAMrkdwnSection() {
    JsonNode body =
        JSON.readTree(
            new SlackNotifier().request(delivery(ChannelType.SLACK, "trigger", null), NOW).body());
    assertThat(body.path("text").asString()).isEqualTo("Cost Spike Detected: chat-api");
    assertThat(body.path("blocks").path(0).path("text").path("type").asString())
        .isEqualTo("mrkdwn");
    assertThat(body.path("blocks").path(0).path("text").path("text").asString())
        .contains("Endpoint: /api/chat");
  }

  @Test
  void backoffDoublesUpToTheCap() {
    DeliveryProperties p =
        new DeliveryProperties(
            true,
            Duration.ofSeconds(1),
            20,
            10,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofMinutes(2),
            2,
            32);
    assertThat(
            List.of(
                p.backoff(1),
                p.backoff(2),
                p.backoff(3),
                p.backoff(4),
                p.backoff(5),
                p.backoff(60)))
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
  }
}
