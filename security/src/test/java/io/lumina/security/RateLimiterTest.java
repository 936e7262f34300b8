package io.lumina.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong();

  @Test
  void allowsTheBurstThenRefusesWithTheWaitAndRefillsOverTime() {
    RateLimiter limiter = new RateLimiter(2, 3, now::get);
    assertThat(limiter.tryAcquire("k")).isZero();
    assertThat(limiter.tryAcquire("k")).isZero();
    assertThat(limiter.tryAcquire("k")).isZero();
    assertThat(limiter.tryAcquire("k")).as("burst used up: wait for a token").isEqualTo(1);

    now.addAndGet(500_000_000L); // 0.5 s at 2/s = one token
    assertThat(limiter.tryAcquire("k")).isZero();
    assertThat(limiter.tryAcquire("k")).isPositive();

    now.addAndGet(60_000_000_000L);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("k")).as("refilled to the burst, not beyond").isZero();
    }
    assertThat(limiter.tryAcquire("k")).isPositive();
  }

  @Test
  void bucketsArePerKey() {
    RateLimiter limiter = new RateLimiter(1, 1, now::get);
    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isPositive();
    assertThat(limiter.tryAcquire("b")).isZero();
  }

  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    RateLimiter limiter = new RateLimiter(0.1, 1, now::get);
    limiter.tryAcquire("k");
    assertThat(limiter.tryAcquire("k")).isEqualTo(10);
  }

  @Test
  void zeroRateTurnsLimitingOff() {
    RateLimiter limiter = new RateLimiter(0, 1, now::get);
    assertThat(limiter.enabled()).isFalse();
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.tryAcquire("k")).isZero();
    }
  }
}
