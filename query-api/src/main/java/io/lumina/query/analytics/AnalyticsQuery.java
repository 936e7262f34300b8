package io.lumina.query.analytics;

import java.time.Instant;

/**
 * A validated analytics request. {@code from}/{@code to} are aligned to whole hours (rollups are
 * hourly); {@code groupBy} may be null (totals only) and {@code interval} null (no time series).
 */
record AnalyticsQuery(
    Instant from,
    Instant to,
    GroupBy groupBy,
    Interval interval,
    String service,
    String model,
    String provider,
    int limit) {

  enum GroupBy {
    MODEL("r.model", "s.model"),
    SERVICE("r.service_name", "s.service_name"),
    PROVIDER("r.provider", "s.provider"),
    USER(null, "s.user_id"),
    DAY(null, null),
    HOUR(null, null);

    final String rollupColumn;
    final String spanColumn;

    GroupBy(String rollupColumn, String spanColumn) {
      this.rollupColumn = rollupColumn;
      this.spanColumn = spanColumn;
    }

    /** Day and hour "groups" are time buckets, not keys. */
    Interval asInterval() {
      return this == DAY ? Interval.DAY : this == HOUR ? Interval.HOUR : null;
    }
  }

  enum Interval {
    HOUR(3600),
    DAY(86400);

    final long seconds;

    Interval(long seconds) {
      this.seconds = seconds;
    }

    String unit() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The time bucket of the report: groupBy=day|hour or the interval. */
  Interval bucket() {
    return groupBy != null && groupBy.asInterval() != null ? groupBy.asInterval() : interval;
  }

  /** The key column, or null when grouping by time only. */
  GroupBy keyGroup() {
    return groupBy == null || groupBy.asInterval() != null ? null : groupBy;
  }

  boolean fromSpans() {
    return groupBy == GroupBy.USER;
  }
}
