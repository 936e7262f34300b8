package io.lumina.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AlertKindTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void costSpikeThresholdIsRelativeAboveBaseline() {
    // $0.50 -> $2.30 is +360%, above the +200% threshold
    assertThat(AlertKind.COST_SPIKE.breached(0.50, 2.30, 2.0)).isTrue();
    assertThat(AlertKind.COST_SPIKE.breached(0.50, 1.50, 2.0))
        .as("+200% is not more than +200%")
        .isFalse();
    assertThat(AlertKind.COST_SPIKE.changePct(0.50, 2.30)).isCloseTo(360.0, Offset.offset(1e-9));
  }

  @Test
  void qualityDropThresholdIsRelativeBelowBaseline() {
    // 0.92 -> 0.65 is -29%, beyond the -20% threshold
    assertThat(AlertKind.QUALITY_DROP.breached(0.92, 0.65, 0.2)).isTrue();
    assertThat(AlertKind.QUALITY_DROP.breached(0.92, 0.80, 0.2)).isFalse();
    assertThat(AlertKind.QUALITY_DROP.changePct(0.92, 0.65)).isCloseTo(-29.35, Offset.offset(0.01));
  }

  @Test
  void errorRateThresholdIsInAbsolutePoints() {
    assertThat(AlertKind.ERROR_RATE.breached(0.0, 0.04, 0.05)).isFalse();
    assertThat(AlertKind.ERROR_RATE.breached(0.0, 0.06, 0.05)).isTrue();
    assertThat(AlertKind.ERROR_RATE.changePct(0.0, 0.06)).isNull();
  }

  @Test
  void thresholdsReadInWords() {
    assertThat(AlertKind.COST_SPIKE.thresholdReads(2.0))
        .isEqualTo("cost per hour +200% over baseline");
    assertThat(AlertKind.QUALITY_DROP.thresholdReads(0.2))
        .isEqualTo("mean similarity −20% under baseline");
    assertThat(AlertKind.ERROR_RATE.thresholdReads(0.05))
        .isEqualTo("error rate +5 points over baseline");
  }

  @Test
  void valuesReadInTheirUnitAndOnlyCostIsATotalPerHour() {
    assertThat(AlertKind.COST_SPIKE.valueText(2.3)).isEqualTo("$2.30/hour");
    assertThat(AlertKind.COST_SPIKE.valueText(0.05)).isEqualTo("$0.0500/hour");
    assertThat(AlertKind.QUALITY_DROP.valueText(0.654)).isEqualTo("0.65 similarity");
    assertThat(AlertKind.LATENCY_P95.valueText(812.4)).isEqualTo("812 ms p95");
    assertThat(AlertKind.ERROR_RATE.valueText(0.125)).isEqualTo("12.5% errors");
    assertThat(java.util.Arrays.stream(AlertKind.values()).filter(AlertKind::totalPerHour))
        .containsExactly(AlertKind.COST_SPIKE);
  }

  @Test
  void kindsAndTypesTravelByTheirWireNames() {
    assertThat(AlertKind.wireNames())
        .isEqualTo("cost_spike, quality_drop, latency_p95, error_rate");
    assertThat(ChannelType.wireNames()).isEqualTo("webhook, slack, pagerduty");
    assertThat(JSON.writeValueAsString(AlertKind.LATENCY_P95)).isEqualTo("\"latency_p95\"");
    assertThat(JSON.readValue("\"pagerduty\"", ChannelType.class)).isEqualTo(ChannelType.PAGERDUTY);
    assertThat(AlertKind.fromWire("cost_explosion")).isEmpty();
    assertThat(AlertKind.of("quality_drop")).hasToString("quality_drop");
  }
}
