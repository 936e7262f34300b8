package io.lumina.dashboard.view;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every bucket between two instants, so a chart shows quiet hours as zero instead of joining the
 * busy ones; the API only returns buckets that have data.
 */
public record TimeAxis(List<Instant> buckets, String interval) {
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("MMM d", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int MAX_BUCKETS = 2000;

  public static TimeAxis of(Instant from, Instant to, String interval) {
    ChronoUnit unit = "day".equals(interval) ? ChronoUnit.DAYS : ChronoUnit.HOURS;
    Duration step = unit.getDuration();
    List<Instant> out = new ArrayList<>();
    if (from != null && to != null) {
      for (Instant t = from.truncatedTo(unit);
          t.isBefore(to) && out.size() < MAX_BUCKETS;
          t = t.plus(step)) {
        out.add(t);
      }
    }
    return new TimeAxis(out, interval);
  }

  public List<String> labels() {
    DateTimeFormatter f = "day".equals(interval) ? DAY : HOUR;
    return buckets.stream().map(f::format).toList();
  }

  /** The values of the rows on this axis, zero where a bucket has no row. */
  public <T> List<Double> values(
      List<T> rows, Function<T, Instant> time, Function<T, Double> value) {
    return values(rows, time, value, 0.0);
  }

  /**
   * As {@link #values(List, Function, Function)} with {@code missing} for empty buckets (null: a
   * gap).
   */
  public <T> List<Double> values(
      List<T> rows, Function<T, Instant> time, Function<T, Double> value, Double missing) {
    Map<Instant, Double> byTime = new HashMap<>();
    for (T r : rows) {
      if (time.apply(r) != null) {
        byTime.merge(time.apply(r), value.apply(r) == null ? 0.0 : value.apply(r), Double::sum);
      }
    }
    List<Double> out = new ArrayList<>(buckets.size());
    buckets.forEach(t -> out.add(byTime.getOrDefault(t, missing)));
    return out;
  }
}
