package io.lumina.dashboard.view;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The time ranges the pages offer, with the bucket size a chart over that range uses. */
public enum TimeRange {
  H1("1h", Duration.ofHours(1), "hour"),
  H24("24h", Duration.ofHours(24), "hour"),
  D7("7d", Duration.ofDays(7), "day"),
  D30("30d", Duration.ofDays(30), "day");

  private final String label;
  private final Duration length;
  private final String interval;

  TimeRange(String label, Duration length, String interval) {
    this.label = label;
    this.length = length;
    this.interval = interval;
  }

  public String label() {
    return label;
  }

  public String interval() {
    return interval;
  }

  public Duration length() {
    return length;
  }

  /** The start of the range ending now, truncated to seconds (epoch seconds go to the API). */
  public Instant from(Clock clock) {
    return clock.instant().minus(length).truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * The range for a label; unknown or blank labels get the default, a typo is not worth an error.
   */
  public static TimeRange parse(String label, TimeRange fallback) {
    if (label == null) {
      return fallback;
    }
    String l = label.strip().toLowerCase(Locale.ROOT);
    for (TimeRange r : values()) {
      if (r.label.equals(l)) {
        return r;
      }
    }
    return fallback;
  }
}
