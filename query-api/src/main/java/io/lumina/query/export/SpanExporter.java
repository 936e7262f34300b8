package io.lumina.query.export;

import io.lumina.query.config.QueryProperties;
import io.lumina.query.search.TimeParam;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams spans from PostgreSQL to an output stream row by row. The query runs in a read-only
 * transaction with a fetch size, which makes the PostgreSQL driver use a server-side cursor: at
 * most {@code lumina.query.export.fetch-size} rows are in memory, whatever the range. Writing
 * blocks while the client is slow, and so does fetching.
 */
@Component
class SpanExporter {
  enum Format {
    JSONL,
    OTLP_JSON
  }

  record Request(String projectId, Instant from, Instant to, String service, Format format) {}

  private static final String SELECT =
      """
      SELECT trace_id, span_id, parent_span_id, name, kind, service_name, scope_name,
             start_time_unix_nano, end_time_unix_nano, latency_ms, status, status_message, is_llm, model,
             provider, prompt_tokens, completion_tokens, total_tokens, cache_read_tokens,
             cache_write_tokens, reasoning_tokens, cost_usd, pricing_source, unpriced, catalog_version,
             prompt, response, user_id, session_id, attributes, resource_attributes, events, links
      FROM spans
      WHERE project_id = ? AND start_time >= ? AND start_time < ? AND (CAST(? AS text) IS NULL OR service_name = ?)
      ORDER BY start_time, trace_id, span_id""";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DataSource dataSource;
  private final int fetchSize;
  private final Counter rowsRead;

  SpanExporter(DataSource dataSource, QueryProperties properties, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.fetchSize = properties.export().fetchSize();
    this.rowsRead =
        Counter.builder("lumina.query.export.rows")
            .description("span rows read from PostgreSQL by exports")
            .register(meters);
  }

  void write(Request r, OutputStream out) throws IOException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false); // a cursor (fetch size) needs a transaction
      c.setReadOnly(true);
      try (PreparedStatement ps = c.prepareStatement(SELECT)) {
        ps.setFetchSize(fetchSize);
        ps.setString(1, r.projectId());
        ps.setObject(2, TimeParam.toSql(r.from() == null ? Instant.EPOCH : r.from()));
        ps.setObject(
            3, TimeParam.toSql(r.to() == null ? Instant.parse("9999-12-31T23:59:59Z") : r.to()));
        ps.setString(4, r.service());
        ps.setString(5, r.service());
        try (ResultSet rs = ps.executeQuery();
            JsonGenerator g = JSON.createGenerator(new NonClosing(out))) {
          if (r.format() == Format.JSONL) {
            jsonl(rs, g);
          } else {
            otlp(rs, g);
          }
        }
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IOException("export query failed: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void jsonl(ResultSet rs, JsonGenerator g) throws SQLException {
    while (rs.next()) {
      rowsRead.increment();
      g.writeStartObject();
      g.writeStringProperty("traceId", rs.getString("trace_id"));
      g.writeStringProperty("spanId", rs.getString("span_id"));
      g.writeStringProperty("parentSpanId", rs.getString("parent_span_id"));
      g.writeStringProperty("name", rs.getString("name"));
      g.writeNumberProperty("kind", rs.getInt("kind"));
      g.writeStringProperty("service", rs.getString("service_name"));
      g.writeStringProperty("scope", rs.getString("scope_name"));
      g.writeNumberProperty("startTimeUnixNano", rs.getLong("start_time_unix_nano"));
      g.writeNumberProperty("endTimeUnixNano", rs.getLong("end_time_unix_nano"));
      g.writeNumberProperty("latencyMs", rs.getDouble("latency_ms"));
      g.writeStringProperty("status", rs.getString("status"));
      g.writeStringProperty("statusMessage", rs.getString("status_message"));
      g.writeBooleanProperty("llm", rs.getBoolean("is_llm"));
      g.writeStringProperty("model", rs.getString("model"));
      g.writeStringProperty("provider", rs.getString("provider"));
      g.writeName("tokens");
      g.writeStartObject();
      longOrNull(g, rs, "prompt", "prompt_tokens");
      longOrNull(g, rs, "completion", "completion_tokens");
      longOrNull(g, rs, "total", "total_tokens");
      longOrNull(g, rs, "cacheRead", "cache_read_tokens");
      longOrNull(g, rs, "cacheWrite", "cache_write_tokens");
      longOrNull(g, rs, "reasoning", "reasoning_tokens");
      g.writeEndObject();
      g.writeName("costUsd");
      if (rs.getBigDecimal("cost_usd") == null) {
        g.writeNull();
      } else {
        g.writeNumber(rs.getBigDecimal("cost_usd"));
      }
      g.writeStringProperty("pricingSource", rs.getString("pricing_source"));
      g.writeBooleanProperty("unpriced", rs.getBoolean("unpriced"));
      g.writeStringProperty("catalogVersion", rs.getString("catalog_version"));
      g.writeStringProperty("prompt", rs.getString("prompt"));
      g.writeStringProperty("response", rs.getString("response"));
      g.writeStringProperty("userId", rs.getString("user_id"));
      g.writeStringProperty("sessionId", rs.getString("session_id"));
      raw(g, "attributes", rs.getString("attributes"));
      raw(g, "resourceAttributes", rs.getString("resource_attributes"));
      raw(g, "events", rs.getString("events"));
      raw(g, "links", rs.getString("links"));
      g.writeEndObject();
      g.writeRaw('\n');
    }
    g.flush();
  }

  /**
   * One ExportTraceServiceRequest; each span in its own resourceSpans so that nothing is buffered.
   */
  private void otlp(ResultSet rs, JsonGenerator g) throws SQLException {
    g.writeStartObject();
    g.writeName("resourceSpans");
    g.writeStartArray();
    while (rs.next()) {
      rowsRead.increment();
      g.writeStartObject();
      g.writeName("resource");
      g.writeStartObject();
      g.writeName("attributes");
      keyValues(g, JSON.readTree(rs.getString("resource_attributes")));
      g.writeEndObject();
      g.writeName("scopeSpans");
      g.writeStartArray();
      g.writeStartObject();
      g.writeName("scope");
      g.writeStartObject();
      g.writeStringProperty(
          "name", rs.getString("scope_name") == null ? "" : rs.getString("scope_name"));
      g.writeEndObject();
      g.writeName("spans");
      g.writeStartArray();
      g.writeStartObject();
      g.writeStringProperty("traceId", rs.getString("trace_id"));
      g.writeStringProperty("spanId", rs.getString("span_id"));
      if (rs.getString("parent_span_id") != null) {
        g.writeStringProperty("parentSpanId", rs.getString("parent_span_id"));
      }
      g.writeStringProperty("name", rs.getString("name"));
      g.writeNumberProperty("kind", rs.getInt("kind"));
      g.writeStringProperty("startTimeUnixNano", Long.toString(rs.getLong("start_time_unix_nano")));
      g.writeStringProperty("endTimeUnixNano", Long.toString(rs.getLong("end_time_unix_nano")));
      g.writeName("attributes");
      keyValues(g, JSON.readTree(rs.getString("attributes")));
      String events = rs.getString("events");
      if (events != null) {
        g.writeName("events");
        g.writeStartArray();
        for (JsonNode e : JSON.readTree(events)) {
          g.writeStartObject();
          g.writeStringProperty("name", e.path("name").asString(""));
          g.writeStringProperty("timeUnixNano", e.path("timeUnixNano").asString("0"));
          g.writeName("attributes");
          keyValues(g, e.path("attributes"));
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeName("status");
      g.writeStartObject();
      // OTLP: 0 unset, 1 ok, 2 error; degraded is Lumina's own and travels as lumina.status
      g.writeNumberProperty("code", "error".equals(rs.getString("status")) ? 2 : 0);
      if (rs.getString("status_message") != null) {
        g.writeStringProperty("message", rs.getString("status_message"));
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
  }

  /** A stored attribute object as OTLP JSON KeyValues, keeping each value's type. */
  private static void keyValues(JsonGenerator g, JsonNode object) {
    g.writeStartArray();
    if (object != null && object.isObject()) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        g.writeStartObject();
        g.writeStringProperty("key", e.getKey());
        g.writeName("value");
        anyValue(g, e.getValue());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
  }

  private static void anyValue(JsonGenerator g, JsonNode v) {
    g.writeStartObject();
    if (v.isString()) {
      g.writeStringProperty("stringValue", v.stringValue());
    } else if (v.isBoolean()) {
      g.writeBooleanProperty("boolValue", v.booleanValue());
    } else if (v.isIntegralNumber()) {
      g.writeStringProperty("intValue", v.asString());
    } else if (v.isNumber()) {
      g.writeNumberProperty("doubleValue", v.doubleValue());
    } else if (v.isArray()) {
      g.writeName("arrayValue");
      g.writeStartObject();
      g.writeName("values");
      g.writeStartArray();
      for (JsonNode item : v) {
        anyValue(g, item);
      }
      g.writeEndArray();
      g.writeEndObject();
    } else if (v.isObject()) {
      g.writeName("kvlistValue");
      g.writeStartObject();
      g.writeName("values");
      keyValues(g, v);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void longOrNull(JsonGenerator g, ResultSet rs, String name, String column)
      throws SQLException {
    long v = rs.getLong(column);
    if (!rs.wasNull()) {
      g.writeNumberProperty(name, v);
    }
  }

  private static void raw(JsonGenerator g, String name, String json) {
    g.writeName(name);
    if (json == null) {
      g.writeNull();
    } else {
      g.writeRawValue(json);
    }
  }

  /** The servlet stream is closed by the container, not by the JSON generator. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
