package io.lumina.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
  private final Formats fmt = new Formats(clock);

  @Test
  void dollarsKeepThePrecisionSmallLlmCostsNeed() {
    assertThat(fmt.usd(new BigDecimal("12.345"))).isEqualTo("$12.35");
    assertThat(fmt.usd(new BigDecimal("0.0042"))).isEqualTo("$0.0042");
    assertThat(fmt.usd(new BigDecimal("0.000018"))).isEqualTo("$0.000018");
    assertThat(fmt.usd(new BigDecimal("0.0000001"))).isEqualTo("<$0.000001");
    assertThat(fmt.usd(BigDecimal.ZERO)).isEqualTo("$0");
    assertThat(fmt.usd(null)).isEqualTo("—");
  }

  @Test
  void durationsCountsAndAges() {
    assertThat(fmt.ms(850.0)).isEqualTo("850 ms");
    assertThat(fmt.ms(1520.0)).isEqualTo("1.52 s");
    assertThat(fmt.ms(3.25)).isEqualTo("3.3 ms");
    assertThat(fmt.count(1234L)).isEqualTo("1,234");
    assertThat(fmt.count(45_600L)).isEqualTo("45.6k");
    assertThat(fmt.pct(0.0512)).isEqualTo("5.1%");
    assertThat(fmt.ago(Instant.parse("2026-11-27T11:58:00Z"))).isEqualTo("2m ago");
    assertThat(fmt.ago(Instant.parse("2026-11-25T12:00:00Z"))).isEqualTo("2d ago");
  }

  @Test
  void timeAxisFillsQuietBucketsWithZeroOrGaps() {
    TimeAxis axis =
        TimeAxis.of(
            Instant.parse("2026-11-27T09:00:00Z"), Instant.parse("2026-11-27T12:00:00Z"), "hour");
    assertThat(axis.buckets()).hasSize(3);
    record Row(Instant t, Double v) {}
    List<Row> rows = List.of(new Row(Instant.parse("2026-11-27T10:00:00Z"), 2.5));
    assertThat(axis.values(rows, Row::t, Row::v)).containsExactly(0.0, 2.5, 0.0);
    assertThat(axis.values(rows, Row::t, Row::v, null)).containsExactly(null, 2.5, null);
    assertThat(axis.labels()).containsExactly("Nov 27 09:00", "Nov 27 10:00", "Nov 27 11:00");
  }

  @Test
  void chartSpecIsJsonForTheDataAttribute() {
    String json =
        new ChartSpec(
                "bar", "usd", List.of("a"), List.of(new ChartSpec.Series("<b>m</b>", List.of(1.0))))
            .json();
    assertThat(json).contains("\"kind\":\"bar\"").contains("\"name\":\"<b>m</b>\"");
  }

  @Test
  void unknownRangesFallBack() {
    assertThat(TimeRange.parse("7D", TimeRange.H24)).isEqualTo(TimeRange.D7);
    assertThat(TimeRange.parse("bogus", TimeRange.H24)).isEqualTo(TimeRange.H24);
  }
}
