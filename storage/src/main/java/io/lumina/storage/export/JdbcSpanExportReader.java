package io.lumina.storage.export;

import io.lumina.storage.sql.Sql;
import io.lumina.storage.traces.SpanColumns;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * {@link SpanExportReader} on the {@code spans} table. The query runs in a read-only transaction
 * with a fetch size, which makes the PostgreSQL driver use a server-side cursor: at most {@code
 * fetchSize} rows are in memory. Handing rows to the sink blocks while the client is slow, and so
 * does fetching.
 */
final class JdbcSpanExportReader implements SpanExportReader {
  private static final String SELECT =
      """
      SELECT trace_id, span_id, parent_span_id, name, kind, service_name, scope_name,
             start_time_unix_nano, end_time_unix_nano, latency_ms, status, status_message, is_llm, model,
             provider, prompt_tokens, completion_tokens, total_tokens, cache_read_tokens,
             cache_write_tokens, reasoning_tokens, cost_usd, pricing_source, unpriced, unpriced_reason,
             usage_role, catalog_version,
             prompt, response, user_id, session_id, attributes, resource_attributes, events, links
      FROM spans
      WHERE project_id = ? AND start_time >= ? AND start_time < ? AND (CAST(? AS text) IS NULL OR service_name = ?)
      ORDER BY start_time, trace_id, span_id""";
  private static final Instant END = Instant.parse("9999-12-31T23:59:59Z");

  private final DataSource dataSource;

  JdbcSpanExportReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void read(ExportQuery q, int fetchSize, Sink sink) throws IOException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false); // a cursor (fetch size) needs a transaction
      c.setReadOnly(true);
      try (PreparedStatement ps = c.prepareStatement(SELECT)) {
        ps.setFetchSize(fetchSize);
        ps.setString(1, q.projectId());
        ps.setObject(2, Sql.timestamp(q.from() == null ? Instant.EPOCH : q.from()));
        ps.setObject(3, Sql.timestamp(q.to() == null ? END : q.to()));
        ps.setString(4, q.service());
        ps.setString(5, q.service());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink.accept(span(rs));
          }
        }
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IOException("export query failed: " + e.getMessage(), e);
    }
  }

  private static ExportedSpan span(ResultSet rs) throws SQLException {
    return new ExportedSpan(
        rs.getString("trace_id"),
        rs.getString("span_id"),
        rs.getString("parent_span_id"),
        rs.getString("name"),
        rs.getInt("kind"),
        rs.getString("service_name"),
        rs.getString("scope_name"),
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
        rs.getString("user_id"),
        rs.getString("session_id"),
        rs.getString("attributes"),
        rs.getString("resource_attributes"),
        rs.getString("events"),
        rs.getString("links"));
  }
}
