package io.lumina.storage.traces;

import io.lumina.api.traces.SpanView;
import io.lumina.api.traces.TraceSummary;
import io.lumina.storage.sql.Sql;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link TraceReader} on the {@code traces} summaries and the {@code spans} table. */
final class JdbcTraceReader implements TraceReader {
  private final JdbcClient jdbc;

  JdbcTraceReader(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Page<TraceSummary> list(String projectId, SearchQuery query) {
    SpanFilters f = query.filters();
    Sql sql = new Sql();
    boolean spanDriven = !f.attributes().isEmpty() && f.text() == null;
    if (spanDriven) {
      // Attribute filters are usually selective (a customer, a request id): find the matching spans
      // through the GIN indexes first, then their traces. Correlating per trace instead (EXISTS
      // below)
      // probes every partition for every trace scanned: seconds on a selective filter over
      // millions.
      sql.append("WITH matched AS MATERIALIZED (SELECT DISTINCT s.trace_id FROM spans s");
      sql.and("s.project_id = ?", projectId);
      if (f.from() != null) {
        sql.and("s.start_time >= ?", Sql.timestamp(f.from())); // no span starts before its trace
      }
      SpanConditions.spanDetail(sql, f);
      sql.append(")\n").resetWhere();
    }
    sql.append(
        "SELECT t.*, "
            + Keyset.sortExpression("t", query.sort(), true)
            + " AS sort_key\nFROM traces t");
    sql.and("t.project_id = ?", projectId);
    sql.andIf(f.service(), "t.service_name = ?");
    sql.andIf(f.model(), "t.models @> ARRAY[CAST(? AS text)]");
    // the summaries list their models and providers (V20), GIN-indexed
    sql.andIf(f.provider(), "t.providers @> ARRAY[CAST(? AS text)]");
    sql.andIf(f.status(), "t.status = ?");
    sql.andIf(f.userId(), "t.user_id = ?");
    sql.andIf(f.sessionId(), "t.session_id = ?");
    sql.andIf(f.name(), "t.root_name = ?");
    sql.andIf(f.minCost(), "t.cost_usd >= ?");
    sql.andIf(f.maxCost(), "t.cost_usd <= ?");
    sql.andIf(f.minLatencyMs(), "t.duration_ms >= ?");
    sql.andIf(f.maxLatencyMs(), "t.duration_ms <= ?");
    if (f.from() != null) {
      sql.and("t.start_time >= ?", Sql.timestamp(f.from()));
    }
    if (f.to() != null) {
      sql.and("t.start_time < ?", Sql.timestamp(f.to()));
    }
    if (spanDriven) {
      sql.and("t.trace_id IN (SELECT trace_id FROM matched)");
    } else if (SpanConditions.needsSpans(f)) {
      // a trace matches when one of its spans does; its spans start no earlier than the trace
      sql.and(
          "EXISTS (SELECT 1 FROM spans s WHERE s.project_id = t.project_id"
              + " AND s.trace_id = t.trace_id AND s.start_time >= t.start_time");
      SpanConditions.spanDetail(sql, f);
      sql.append(")");
    }
    Keyset.after(sql, "t", query, true);
    sql.append(Keyset.orderBy("t", query, true)).fragment("\nLIMIT ?", query.limit() + 1);
    List<Cursor> cursors = new ArrayList<>();
    List<TraceSummary> rows =
        jdbc.sql(sql.text())
            .params(sql.params())
            .query(
                (rs, i) -> {
                  cursors.add(
                      new Cursor(
                          query.sort(),
                          query.descending(),
                          Cursor.value(query.sort(), rs),
                          rs.getString("trace_id"),
                          ""));
                  return summary(rs);
                })
            .list();
    return Page.of(rows, cursors, query.limit());
  }

  @Override
  public List<TraceSummary> mostExpensive(String projectId, Instant from, Instant to, int limit) {
    return jdbc.sql(
            """
            SELECT * FROM traces
            WHERE project_id = :project AND start_time >= :from AND start_time < :to
              AND cost_usd IS NOT NULL
            ORDER BY cost_usd DESC, trace_id
            LIMIT :limit""")
        .param("project", projectId)
        .param("from", Sql.timestamp(from))
        .param("to", Sql.timestamp(to))
        .param("limit", limit)
        .query((rs, i) -> summary(rs))
        .list();
  }

  @Override
  public Optional<TraceSummary> summary(String projectId, String traceId) {
    return jdbc.sql("SELECT * FROM traces WHERE project_id = :project AND trace_id = :trace")
        .param("project", projectId)
        .param("trace", traceId)
        .query((rs, i) -> summary(rs))
        .optional();
  }

  @Override
  public List<SpanView> tree(String projectId, String traceId) {
    List<SpanView> flat =
        jdbc.sql(
                """
            SELECT * FROM spans
            WHERE project_id = :project AND trace_id = :trace
            ORDER BY start_time_unix_nano, span_id""")
            .param("project", projectId)
            .param("trace", traceId)
            .query((rs, i) -> span(rs))
            .list();
    Map<String, SpanView> byId = new HashMap<>();
    flat.forEach(s -> byId.put(s.spanId(), s));
    List<SpanView> roots = new ArrayList<>();
    for (SpanView s : flat) {
      SpanView parent = s.parentSpanId() == null ? null : byId.get(s.parentSpanId());
      if (parent == null) {
        roots.add(s);
      } else {
        parent.children().add(s);
      }
    }
    return roots;
  }

  private static TraceSummary summary(ResultSet rs) throws SQLException {
    return new TraceSummary(
        rs.getString("trace_id"),
        rs.getString("root_span_id"),
        rs.getString("root_name"),
        rs.getString("service_name"),
        instant(rs.getTimestamp("start_time")),
        instant(rs.getTimestamp("end_time")),
        rs.getDouble("duration_ms"),
        rs.getInt("span_count"),
        rs.getInt("llm_span_count"),
        rs.getObject("prompt_tokens", Long.class),
        rs.getObject("completion_tokens", Long.class),
        rs.getObject("total_tokens", Long.class),
        rs.getBigDecimal("cost_usd"),
        rs.getInt("unpriced_spans"),
        rs.getString("status"),
        strings(rs.getArray("models")),
        rs.getString("user_id"),
        rs.getString("session_id"));
  }

  private static SpanView span(ResultSet rs) throws SQLException {
    return new SpanView(
        rs.getString("span_id"),
        rs.getString("parent_span_id"),
        rs.getString("name"),
        rs.getInt("kind"),
        rs.getString("service_name"),
        rs.getString("scope_name"),
        instant(rs.getTimestamp("start_time")),
        rs.getLong("start_time_unix_nano"),
        rs.getLong("end_time_unix_nano"),
        rs.getDouble("latency_ms"),
        rs.getString("status"),
        rs.getString("status_message"),
        rs.getBoolean("is_llm"),
        rs.getString("model"),
        rs.getString("provider"),
        SpanColumns.tokens(rs),
        rs.getBigDecimal("cost_usd"),
        rs.getString("pricing_source"),
        rs.getBoolean("unpriced"),
        rs.getString("unpriced_reason"),
        rs.getString("usage_role"),
        rs.getString("catalog_version"),
        rs.getString("prompt"),
        rs.getString("response"),
        rs.getString("system_prompt"),
        rs.getString("input_messages"),
        rs.getString("user_id"),
        rs.getString("session_id"),
        rs.getString("attributes"),
        rs.getString("resource_attributes"),
        rs.getString("events"),
        new ArrayList<>());
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
