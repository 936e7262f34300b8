package io.lumina.worker.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RuleKindTest {

  @Test
  void costSpikeThresholdIsRelativeAboveBaseline() {
    // the seed's example: $0.50 -> $2.30 is +360%, above the +200% threshold
    assertThat(RuleKind.COST_SPIKE.breached(0.50, 2.30, 2.0)).isTrue();
    assertThat(RuleKind.COST_SPIKE.breached(0.50, 1.50, 2.0))
        .as("+200% is not more than +200%")
        .isFalse();
    assertThat(RuleKind.COST_SPIKE.changePct(0.50, 2.30))
        .isCloseTo(360.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void qualityDropThresholdIsRelativeBelowBaseline() {
    // the seed's example: 0.92 -> 0.65 is -29%, beyond the -20% threshold
    assertThat(RuleKind.QUALITY_DROP.breached(0.92, 0.65, 0.2)).isTrue();
    assertThat(RuleKind.QUALITY_DROP.breached(0.92, 0.80, 0.2)).isFalse();
    assertThat(RuleKind.QUALITY_DROP.changePct(0.92, 0.65))
        .isCloseTo(-29.35, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void errorRateThresholdIsInAbsolutePoints() {
    assertThat(RuleKind.ERROR_RATE.breached(0.0, 0.04, 0.05)).isFalse();
    assertThat(RuleKind.ERROR_RATE.breached(0.0, 0.06, 0.05)).isTrue();
    assertThat(RuleKind.ERROR_RATE.changePct(0.0, 0.06)).isNull();
  }

  @Test
  void summaryReadsLikeTheSeed() {
    AlertRule rule =
        new AlertRule(
            "rule_1",
            "default",
            "chat-api",
            null,
            RuleKind.COST_SPIKE,
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
    AlertRule quality =
        new AlertRule(
            "rule_2",
            "default",
            "rag-pipeline",
            null,
            RuleKind.QUALITY_DROP,
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
