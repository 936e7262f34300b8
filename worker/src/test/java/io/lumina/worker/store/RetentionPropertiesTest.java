package io.lumina.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

class RetentionPropertiesTest {

  @Test
  void fiveFieldCronGetsSecondsPrepended() {
    assertThat(new RetentionProperties(7, "0 2 * * *").springCron()).isEqualTo("0 0 2 * * *");
    assertThat(new RetentionProperties(7, "  30 1 * * 1-5 ").springCron())
        .isEqualTo("0 30 1 * * 1-5");
    assertThat(new RetentionProperties(7, "@daily").springCron()).isEqualTo("@daily");
  }

  @Test
  void defaultRunsAtMidnightUtc() {
    String cron = new RetentionProperties(7, "0 0 * * *").springCron();
    ZonedDateTime next =
        CronExpression.parse(cron)
            .next(LocalDateTime.of(2026, 3, 1, 13, 37).atZone(ZoneOffset.UTC));
    assertThat(next).isEqualTo(LocalDateTime.of(2026, 3, 2, 0, 0).atZone(ZoneOffset.UTC));
  }

  @Test
  void wrongExpressionsFailWithTheExpectedForm() {
    assertThatThrownBy(() -> new RetentionProperties(7, "0 0 2 * * *"))
        .hasMessageContaining("five fields")
        .hasMessageContaining("CLEANUP_SCHEDULE");
    assertThatThrownBy(() -> new RetentionProperties(7, "61 2 * * *"))
        .hasMessageContaining("not a valid cron");
    assertThatThrownBy(() -> new RetentionProperties(7, " "))
        .hasMessageContaining("must not be blank");
  }

  @Test
  void zeroDaysKeepsForever() {
    assertThat(new RetentionProperties(0, "0 0 * * *").keepsForever()).isTrue();
    assertThat(new RetentionProperties(7, "0 0 * * *").keepsForever()).isFalse();
  }
}
