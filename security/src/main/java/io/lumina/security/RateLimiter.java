package io.lumina.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key: {@code burst} requests at once, refilled at {@code perSecond}. Buckets
 * exist only for authenticated keys (their number is bounded by the keys in the database), so
 * unknown keys cannot grow the map. Per replica: with N replicas behind a load balancer a key gets
 * up to N times the rate, which is what a per-key limit in front of a horizontally scaled service
 * usually means.
 */
public final class RateLimiter {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updatedAtNanos;

    Bucket(double tokens, long updatedAtNanos) {
      this.tokens = tokens;
      this.updatedAtNanos = updatedAtNanos;
    }
  }

  /**
   * @param perSecond sustained requests per second per key; 0 turns limiting off
   */
  public RateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
    if (perSecond < 0 || burst < 1) {
      throw new IllegalArgumentException("rate limit needs perSecond >= 0 and burst >= 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  public boolean enabled() {
    return perSecond > 0;
  }

  /**
   * Takes one token from the key's bucket.
   *
   * @return 0 when the request may proceed, else the whole seconds (at least 1) after which a token
   *     will be available, for {@code Retry-After}
   */
  public long tryAcquire(String key) {
    if (!enabled()) {
      return 0;
    }
    long now = nanoClock.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (bucket) {
      double elapsedSeconds = Math.max(0, now - bucket.updatedAtNanos) / (double) NANOS_PER_SECOND;
      bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * perSecond);
      bucket.updatedAtNanos = Math.max(bucket.updatedAtNanos, now);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
    }
  }
}
