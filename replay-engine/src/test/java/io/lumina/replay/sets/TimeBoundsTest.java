package io.lumina.replay.sets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.replay.web.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBoundsTest {
  @Test
  void relativeRanges() {
    assertThat(TimeBounds.range("24h", "f")).isEqualTo(Duration.ofHours(24));
    assertThat(TimeBounds.range("30m", "f")).isEqualTo(Duration.ofMinutes(30));
    assertThat(TimeBounds.range("7d", "f")).isEqualTo(Duration.ofDays(7));
    assertThat(TimeBounds.range("2w", "f")).isEqualTo(Duration.ofDays(14));
    assertThat(TimeBounds.range("PT6H", "f")).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void badRangesNameTheField() {
    for (String bad : new String[] {"24", "h", "0h", "-1h", "400d", "yesterday"}) {
      assertThatThrownBy(() -> TimeBounds.range(bad, "filters.timeRange"))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.field()).isEqualTo("filters.timeRange"));
    }
  }

  @Test
  void instantsAsIsoDateOrEpochSeconds() {
    assertThat(TimeBounds.instant("2026-11-27T10:00:00Z", "f"))
        .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    assertThat(TimeBounds.instant("2026-11-27T11:00:00+01:00", "f"))
        .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    assertThat(TimeBounds.instant("2026-11-27", "f"))
        .isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(TimeBounds.instant("1764237600", "f")).isEqualTo(Instant.ofEpochSecond(1764237600));
    assertThatThrownBy(() -> TimeBounds.instant("27/11/2026", "filters.from"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("filters.from"));
  }
}
