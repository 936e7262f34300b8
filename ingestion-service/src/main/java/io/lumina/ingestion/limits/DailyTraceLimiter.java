package io.lumina.ingestion.limits;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily trace limit per project, counted across replicas in a {@link TraceCounter} under one
 * key per project and UTC day, so it resets at midnight UTC without any job.
 *
 * <p>A request is refused when the traces it starts would take the day's count past the limit; a
 * request that starts no trace (only child spans of traces already counted) always passes, so
 * traces that began before the limit was reached still arrive whole. When the counter cannot be
 * reached the request passes (fail open): the limit protects cost, and refusing data because a
 * counter is down would lose more.
 */
public final class DailyTraceLimiter {
  private static final Logger log = LoggerFactory.getLogger(DailyTraceLimiter.class);
  private static final long WARN_EVERY_MILLIS = 60_000;

  private final TraceCounter counter;
  private final long limit;
  private final Clock clock;

  /** Projects known to be at the limit today: refused without a round trip to the counter. */
  private final Map<String, LocalDate> exhausted = new ConcurrentHashMap<>();

  private final AtomicLong lastUnavailableWarning = new AtomicLong(Long.MIN_VALUE / 2);

  public DailyTraceLimiter(TraceCounter counter, long limit, Clock clock) {
    if (limit < 0) {
      throw new IllegalArgumentException(
          "daily trace limit must be >= 0 (0 = unlimited): " + limit);
    }
    this.counter = counter;
    this.limit = limit;
    this.clock = clock;
  }

  /**
   * Allowed with a reservation to give back if the publish fails, or refused with the client's
   * message.
   */
  public sealed interface Decision {}

  public record Allowed(String key, long traces) implements Decision {
    static final Allowed NOTHING = new Allowed(null, 0);
  }

  public record Refused(String message, long retryAfterSeconds) implements Decision {}

  public Decision reserve(String project, int traces) {
    if (limit == 0 || traces == 0) {
      return Allowed.NOTHING;
    }
    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (day.equals(exhausted.get(project))) {
      return refused(project, day, now, limit, traces);
    }
    String key = key(project, day);
    TraceCounter.Count count;
    try {
      count = counter.tryAdd(key, traces, limit);
    } catch (TraceCounter.CounterUnavailableException e) {
      warnUnavailable(e);
      return Allowed.NOTHING;
    }
    if (!count.added()) {
      if (count.total() >= limit) {
        exhausted.put(project, day);
      }
      return refused(project, day, now, count.total(), traces);
    }
    long warnAt = limit - limit / 10;
    if (count.total() >= warnAt && count.total() - traces < warnAt) {
      log.warn(
          "project '{}' has used {} of its daily limit of {} traces (90% reached); it resets at {}",
          project, count.total(), limit, resetAt(day));
    }
    return new Allowed(key, traces);
  }

  /** Gives back a reservation whose publish failed, so a retried request is not counted twice. */
  public void release(Decision decision) {
    if (decision instanceof Allowed allowed && allowed.key() != null) {
      try {
        counter.tryAdd(allowed.key(), -allowed.traces(), Long.MAX_VALUE);
      } catch (TraceCounter.CounterUnavailableException e) {
        warnUnavailable(e);
      }
    }
  }

  public long limit() {
    return limit;
  }

  private Refused refused(String project, LocalDate day, Instant now, long used, int traces) {
    Instant reset = resetAt(day);
    long seconds = Math.max(1, Duration.between(now, reset).toSeconds() + 1);
    String message =
        "daily trace limit of "
            + limit
            + " traces reached for project '"
            + project
            + "' ("
            + Math.min(used, limit)
            + " used today, this request starts "
            + traces
            + " more); it resets at "
            + reset
            + " (midnight UTC)";
    return new Refused(message, seconds);
  }

  private static Instant resetAt(LocalDate day) {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** KV keys allow only {@code [-/_=.a-zA-Z0-9]}; other project ids are hex-encoded. */
  static String key(String project, LocalDate day) {
    boolean plain = !project.isEmpty();
    for (int i = 0; i < project.length() && plain; i++) {
      char c = project.charAt(i);
      plain =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '-'
              || c == '_';
    }
    String id =
        plain ? project : "x" + HexFormat.of().formatHex(project.getBytes(StandardCharsets.UTF_8));
    return id + "." + day;
  }

  private void warnUnavailable(RuntimeException e) {
    long now = clock.millis();
    long last = lastUnavailableWarning.get();
    if (now - last >= WARN_EVERY_MILLIS && lastUnavailableWarning.compareAndSet(last, now)) {
      log.warn(
          "daily trace counter unavailable, accepting without counting (fail open): {}",
          e.getMessage());
    }
  }
}
