package io.lumina.dashboard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AlertViewTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final AlertView view = new AlertView();

  @Test
  void alertRowsTakeCurrentAndBaselineFromTheSummary() {
    var rows =
        view.list(
            JSON.readTree(
                """
        {"alerts":[{"id":"alert_0123456789abcdef","kind":"cost_spike","title":"Cost Spike Detected",
          "status":"acknowledged","service":"chat-api","endpoint":"/api/chat","baseline":0.5,"current":2.3,
          "summary":"Service: chat-api\\nEndpoint: /api/chat\\nBaseline: $0.5000/hour\\nCurrent: $2.30/hour (+360%)\\nThreshold: +200%",
          "firedAt":"2026-11-27T12:00:03Z","acknowledgedAt":"2026-11-27T12:05:00Z"},
         {"id":"alert_fedcba9876543210","status":"resolved","baseline":0.9,"current":0.6,"changePct":-33.3}]}"""));
    assertThat(rows).hasSize(2);
    AlertView.Row a = rows.getFirst();
    assertThat(a.open()).isTrue();
    assertThat(a.acknowledged()).isTrue();
    assertThat(a.detail()).isEqualTo("baseline $0.5000/hour · current $2.30/hour (+360%)");
    assertThat(a.firedAt()).hasToString("2026-11-27T12:00:03Z");
    AlertView.Row b = rows.get(1);
    assertThat(b.open()).isFalse();
    assertThat(b.detail()).isEqualTo("current 0.6 · baseline 0.9 · change % -33.3");
  }

  @Test
  void rulesSayWhatTheThresholdMeansAndChannelsNeverCarryASecret() {
    var rules =
        view.rules(
            JSON.readTree(
                """
        {"rules":[{"id":"rule_1","service":"s","kind":"error_rate","threshold":0.05,"window":"1h","enabled":false},
                  {"id":"rule_2","service":"s","kind":"quality_drop","threshold":0.2,"window":"30m","minSamples":5}]}"""));
    assertThat(rules)
        .extracting(AlertView.Rule::reads)
        .containsExactly(
            "error rate +5 points over baseline", "mean similarity −20% under baseline");
    assertThat(rules.getFirst().enabled()).isFalse();
    assertThat(rules.get(1).minSamples()).isEqualTo("5");
    var channels =
        view.channels(
            JSON.readTree(
                """
        {"webhooks":[{"id":"wh_1","name":"ops","type":"slack","url":"https://hooks.slack.com/…","hasSecret":false,
          "services":["a","b"],"enabled":true}]}"""));
    assertThat(channels.getFirst().services()).isEqualTo("a, b");
    assertThat(channels.getFirst().hasSecret()).isFalse();
    var deliveries =
        view.deliveries(
            JSON.readTree(
                """
        {"alert":{},"deliveries":[{"channelName":"ops","channelType":"webhook","event":"trigger","status":"failed",
          "attempts":10,"lastStatusCode":503,"lastError":"HTTP 503"}]}"""));
    assertThat(deliveries.getFirst().status()).isEqualTo("failed");
    assertThat(deliveries.getFirst().lastStatusCode()).isEqualTo("503");
  }
}
