package io.lumina.storage.analytics;

import java.time.Instant;
import java.util.Locale;

/**
 * A validated analytics request. {@code from}/{@code to} are aligned to whole hours (rollups are
 * hourly); {@code groupBy} may be null (totals only) and {@code interval} null (no time series).
 */
public record AnalyticsQuery(
    Instant from,
    Instant to,
    GroupBy groupBy,
    Interval interval,
    String service,
    String model,
    String provider,
    int limit) {

  public enum GroupBy {
    MODEL,
    SERVICE,
    PROVIDER,
    USER,
    DAY,
    HOUR;

    /** Day and hour "groups" are time buckets, not keys. */
    public Interval asInterval() {
      return this == DAY ? Interval.DAY : this == HOUR ? Interval.HOUR : null;
    }
  }

  public enum Interval {
    HOUR(3600),
    DAY(86400);

    private final long seconds;

    Interval(long seconds) {
      this.seconds = seconds;
    }

    public long seconds() {
      return seconds;
    }

    /** The unit as the API and {@code date_trunc} name it: hour, day. */
    public String unit() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The time bucket of the report: groupBy=day|hour or the interval. */
  public Interval bucket() {
    return groupBy != null && groupBy.asInterval() != null ? groupBy.asInterval() : interval;
  }

  /** The key column, or null when grouping by time only. */
  public GroupBy keyGroup() {
    return groupBy == null || groupBy.asInterval() != null ? null : groupBy;
  }

  /** Grouping by user reads raw spans: the rollups do not keep users. */
  public boolean fromSpans() {
    return groupBy == GroupBy.USER;
  }
}
