package io.lumina.worker.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.alerts.AlertKind;
import io.lumina.storage.alerts.ActiveRule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertTextTest {

  @Test
  void summaryHasOneFactALine() {
    ActiveRule rule =
        new ActiveRule(
            "rule_1",
            "default",
            "chat-api",
            null,
            AlertKind.COST_SPIKE,
            2.0,
            Duration.ofHours(1),
            null,
            Instant.EPOCH);
    assertThat(AlertText.summary(rule, "/api/chat", 0.50, 2.30, 360.0))
        .isEqualTo(
            """
        Service: chat-api
        Endpoint: /api/chat
        Baseline: $0.5000/hour
        Current: $2.30/hour (+360%)
        Threshold: +200%
        Window: 1h""");
    ActiveRule quality =
        new ActiveRule(
            "rule_2",
            "default",
            "rag-pipeline",
            null,
            AlertKind.QUALITY_DROP,
            0.2,
            Duration.ofMinutes(30),
            null,
            Instant.EPOCH);
    assertThat(AlertText.summary(quality, "/api/search", 0.92, 0.65, -29.3))
        .isEqualTo(
            """
        Service: rag-pipeline
        Endpoint: /api/search
        Baseline: 0.92 similarity
        Current: 0.65 similarity (-29%)
        Threshold: -20%
        Window: 30m""");
  }
}
