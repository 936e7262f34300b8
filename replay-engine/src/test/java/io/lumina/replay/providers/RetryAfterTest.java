package io.lumina.replay.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void delaySeconds() {
    assertThat(RetryAfter.parse("7", NOW)).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void httpDateRelativeToNowAndNeverNegative() {
    assertThat(RetryAfter.parse("Fri, 27 Nov 2026 10:00:30 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Fri, 27 Nov 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void absentOrUnreadableIsNull() {
    assertThat(RetryAfter.parse(null, NOW)).isNull();
    assertThat(RetryAfter.parse("", NOW)).isNull();
    assertThat(RetryAfter.parse("soon", NOW)).isNull();
    assertThat(RetryAfter.parse("-5", NOW)).isNull();
    assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isNull();
  }

  @Test
  void redactionRemovesTheKeyAndKeyLikeStrings() {
    String key = "sk-test-SECRET-0123456789";
    assertThat(Redaction.redact("Incorrect API key provided: " + key, key))
        .doesNotContain("SECRET");
    assertThat(Redaction.redact("bad key sk-proj-abcdefghijklmnopqrstuvwxyz", null))
        .doesNotContain("ijklmnop")
        .contains("sk-proj");
    assertThat(Redaction.redact("x".repeat(2000), key)).hasSizeLessThan(600);
  }
}
