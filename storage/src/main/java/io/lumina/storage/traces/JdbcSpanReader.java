package io.lumina.storage.traces;

import io.lumina.api.traces.SpanRow;
import io.lumina.storage.sql.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link SpanReader} on the {@code spans} table; prompt and response previewed. */
final class JdbcSpanReader implements SpanReader {
  private static final int PREVIEW = 200;

  private final JdbcClient jdbc;

  JdbcSpanReader(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Page<SpanRow> list(String projectId, SearchQuery query) {
    Sql sql =
        new Sql()
            .append(
                """
        SELECT s.trace_id, s.span_id, s.parent_span_id, s.name, s.service_name, s.start_time,
               s.latency_ms, s.status, s.is_llm, s.model, s.provider, s.prompt_tokens,
               s.completion_tokens, s.total_tokens, s.cache_read_tokens, s.cache_write_tokens,
               s.reasoning_tokens, s.cost_usd, s.pricing_source, s.unpriced, s.unpriced_reason,
               s.usage_role, s.user_id, s.session_id,
               left(s.prompt, %d) AS prompt_preview, left(s.response, %d) AS response_preview,
               %s AS sort_key
        FROM spans s"""
                    .formatted(PREVIEW, PREVIEW, Keyset.sortExpression("s", query.sort(), false)));
    sql.and("s.project_id = ?", projectId);
    SpanConditions.all(sql, query.filters());
    Keyset.after(sql, "s", query, false);
    sql.append(Keyset.orderBy("s", query, false)).fragment("\nLIMIT ?", query.limit() + 1);
    List<Cursor> cursors = new ArrayList<>();
    List<SpanRow> rows =
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
                          rs.getString("span_id")));
                  return row(rs);
                })
            .list();
    return Page.of(rows, cursors, query.limit());
  }

  private static SpanRow row(ResultSet rs) throws SQLException {
    return new SpanRow(
        rs.getString("trace_id"),
        rs.getString("span_id"),
        rs.getString("parent_span_id"),
        rs.getString("name"),
        rs.getString("service_name"),
        rs.getTimestamp("start_time").toInstant(),
        rs.getDouble("latency_ms"),
        rs.getString("status"),
        rs.getBoolean("is_llm"),
        rs.getString("model"),
        rs.getString("provider"),
        SpanColumns.tokens(rs),
        rs.getBigDecimal("cost_usd"),
        rs.getString("pricing_source"),
        rs.getBoolean("unpriced"),
        rs.getString("unpriced_reason"),
        rs.getString("usage_role"),
        rs.getString("user_id"),
        rs.getString("session_id"),
        rs.getString("prompt_preview"),
        rs.getString("response_preview"));
  }
}
