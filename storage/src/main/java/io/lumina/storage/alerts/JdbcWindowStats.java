package io.lumina.storage.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.storage.rollups.CountedSpans;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link WindowStats} over the {@code spans} table. The first start time is measured too because
 * cost is per hour of the time the service was seen, so a service three days old is not compared
 * against seven days of zeroes. Cost and LLM latency count each LLM call once ({@link
 * CountedSpans}): a span repeating its children's usage would double the cost and add its own
 * longer latency.
 */
final class JdbcWindowStats implements WindowStats {
  private static final String COUNTED = CountedSpans.condition("s");

  private static final String ENDPOINT_JOIN =
      """
      LEFT JOIN LATERAL (
        SELECT r.attributes ->> 'http.route' AS route, r.name FROM spans r
        WHERE r.project_id = s.project_id AND r.trace_id = s.trace_id AND r.parent_span_id IS NULL
        LIMIT 1) root ON true""";
  private static final String ENDPOINT = "coalesce(root.route, root.name, s.name)";

  private final JdbcTemplate jdbc;

  JdbcWindowStats(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Stats measure(ActiveRule rule, Instant from, Instant to) {
    String sql =
        "SELECT "
            + samples(rule.kind())
            + ", "
            + value(rule.kind())
            + ", min(s.start_time) FROM spans s "
            + (rule.endpoint() == null ? "" : ENDPOINT_JOIN)
            + " WHERE "
            + where(rule.kind())
            + (rule.endpoint() == null ? "" : " AND " + ENDPOINT + " = ?");
    List<Object> args =
        new ArrayList<>(
            List.of(
                rule.projectId(), rule.serviceName(), Timestamp.from(from), Timestamp.from(to)));
    if (rule.endpoint() != null) {
      args.add(rule.endpoint());
    }
    return jdbc.queryForObject(
        sql,
        (rs, i) -> {
          Timestamp first = rs.getTimestamp(3);
          return new Stats(
              rs.getLong(1), rs.getDouble(2), first == null ? null : first.toInstant());
        },
        args.toArray());
  }

  @Override
  public Optional<String> worstEndpoint(ActiveRule rule, Instant from, Instant to) {
    String order =
        switch (rule.kind()) {
          case COST_SPIKE -> "coalesce(sum(s.cost_usd) FILTER (WHERE " + COUNTED + "), 0) DESC";
          case QUALITY_DROP -> "avg(s.similarity) ASC";
          case LATENCY_P95 -> "percentile_cont(0.95) WITHIN GROUP (ORDER BY s.latency_ms) DESC";
          case ERROR_RATE -> "count(*) FILTER (WHERE s.status = 'error') DESC";
        };
    String sql =
        "SELECT "
            + ENDPOINT
            + " AS endpoint FROM spans s "
            + ENDPOINT_JOIN
            + " WHERE "
            + where(rule.kind())
            + " GROUP BY 1 ORDER BY "
            + order
            + ", 1 LIMIT 1";
    return jdbc
        .query(
            sql,
            (rs, i) -> rs.getString(1),
            rule.projectId(),
            rule.serviceName(),
            Timestamp.from(from),
            Timestamp.from(to))
        .stream()
        .findFirst();
  }

  private static String where(AlertKind kind) {
    String common =
        "s.project_id = ? AND s.service_name = ? AND s.start_time >= ? AND s.start_time < ?";
    return switch (kind) {
      case COST_SPIKE, ERROR_RATE -> common;
      case QUALITY_DROP -> common + " AND s.similarity IS NOT NULL";
      case LATENCY_P95 -> common + " AND s.is_llm AND " + COUNTED;
    };
  }

  // cost rests on the priced spans only
  private static String samples(AlertKind kind) {
    return switch (kind) {
      case COST_SPIKE -> "count(s.cost_usd) FILTER (WHERE " + COUNTED + ")";
      case QUALITY_DROP, LATENCY_P95, ERROR_RATE -> "count(*)";
    };
  }

  private static String value(AlertKind kind) {
    return switch (kind) {
      case COST_SPIKE -> "coalesce(sum(s.cost_usd) FILTER (WHERE " + COUNTED + "), 0)::float8";
      case QUALITY_DROP -> "coalesce(avg(s.similarity), 0)";
      case LATENCY_P95 -> "coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY s.latency_ms), 0)";
      case ERROR_RATE ->
          "coalesce(avg(CASE WHEN s.status = 'error' THEN 1.0 ELSE 0.0 END), 0)::float8";
    };
  }
}
