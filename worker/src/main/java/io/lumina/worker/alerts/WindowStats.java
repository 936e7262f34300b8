package io.lumina.worker.alerts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What a rule measures over a time range of one service's spans (optionally one endpoint): the
 * value, how many spans it rests on, and when the earliest of them started (cost is per hour of the
 * time the service was seen, so a service three days old is not compared against seven days of
 * zeroes).
 *
 * <p>A span's endpoint is its trace root's {@code http.route}, else the root span's name, else its
 * own name: the route a request came in through is what an operator recognizes (the seed's
 * "/api/chat").
 */
@Repository
class WindowStats {
  record Stats(long samples, double value, Instant firstSeen) {}

  private static final String ENDPOINT_JOIN =
      """
      LEFT JOIN LATERAL (
        SELECT r.attributes ->> 'http.route' AS route, r.name FROM spans r
        WHERE r.project_id = s.project_id AND r.trace_id = s.trace_id AND r.parent_span_id IS NULL
        LIMIT 1) root ON true""";
  private static final String ENDPOINT = "coalesce(root.route, root.name, s.name)";

  private final JdbcTemplate jdbc;

  WindowStats(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Stats measure(AlertRule rule, Instant from, Instant to) {
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

  /**
   * The endpoint that contributes most to the rule's value in the range (most cost, lowest
   * quality...).
   */
  Optional<String> worstEndpoint(AlertRule rule, Instant from, Instant to) {
    String order =
        switch (rule.kind()) {
          case COST_SPIKE -> "coalesce(sum(s.cost_usd), 0) DESC";
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

  private static String where(RuleKind kind) {
    String common =
        "s.project_id = ? AND s.service_name = ? AND s.start_time >= ? AND s.start_time < ?";
    return switch (kind) {
      case COST_SPIKE, ERROR_RATE -> common;
      case QUALITY_DROP -> common + " AND s.similarity IS NOT NULL";
      case LATENCY_P95 -> common + " AND s.is_llm";
    };
  }

  private static String samples(RuleKind kind) {
    return kind == RuleKind.COST_SPIKE ? "count(s.cost_usd)" : "count(*)";
  }

  private static String value(RuleKind kind) {
    return switch (kind) {
      case COST_SPIKE -> "coalesce(sum(s.cost_usd), 0)::float8";
      case QUALITY_DROP -> "coalesce(avg(s.similarity), 0)";
      case LATENCY_P95 -> "coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY s.latency_ms), 0)";
      case ERROR_RATE ->
          "coalesce(avg(CASE WHEN s.status = 'error' THEN 1.0 ELSE 0.0 END), 0)::float8";
    };
  }
}
