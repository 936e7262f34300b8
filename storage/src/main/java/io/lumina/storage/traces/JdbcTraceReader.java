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
    Sql sql = listStatement(projectId, query);
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

  /**
   * The trace list's statement: the summaries in keyset order, filtered on their own columns, free
   * text a semi-join on the spans. A trace matches an attribute filter when any of its spans
   * carries the value, as a span attribute or as a resource attribute (which the summary's {@code
   * resources} collects), and each filter may be matched by a different span.
   *
   * <p>An OR of the summary's resources and a sub-query on the spans would leave the planner one
   * plan, walking every summary, which is slow for a rare value. So the first attribute filter
   * splits the list into two branches, each planned on its own and merged: summaries whose
   * resources match (the common case, deployment.environment.name=production), and summaries with a
   * matching span, a semi-join for which the planner walks the newest summaries and probes each
   * when the value is common, or reads the GIN indexes first when it is rare (docs/performance.md,
   * "Trace list plans"). Further attribute filters are tested on each candidate row.
   */
  static Sql listStatement(String projectId, SearchQuery query) {
    List<SpanFilters.AttributeFilter> attributes = query.filters().attributes();
    Sql sql = new Sql();
    if (attributes.isEmpty()) {
      branch(sql, projectId, query, () -> {});
      return sql;
    }
    SpanFilters.AttributeFilter first = attributes.getFirst();
    sql.append("SELECT * FROM ((");
    branch(sql, projectId, query, () -> SpanConditions.traceResource(sql, "t", first));
    sql.append(")\nUNION (").resetWhere();
    branch(
        sql,
        projectId,
        query,
        () -> {
          sql.and("t.trace_id IN (");
          spansOf(sql, projectId, query.filters());
          SpanConditions.spanAttribute(sql, first);
          sql.append(")");
        });
    sql.append(")) u");
    sql.append(Keyset.orderBy("u", query, true)).fragment("\nLIMIT ?", query.limit() + 1);
    return sql;
  }

  /**
   * One keyset-ordered, limited list of summaries: every filter of the query but the first
   * attribute filter, for which {@code firstAttribute} adds its condition.
   */
  private static void branch(
      Sql sql, String projectId, SearchQuery query, Runnable firstAttribute) {
    SpanFilters f = query.filters();
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
    firstAttribute.run();
    for (int i = 1; i < f.attributes().size(); i++) {
      // on each candidate row: the summary's resources, else a probe of the trace's spans
      SpanFilters.AttributeFilter a = f.attributes().get(i);
      sql.and(
          "("
              + SpanConditions.resourceTest("t", a)
              + " OR EXISTS (SELECT 1 FROM spans s"
              + " WHERE s.project_id = t.project_id AND s.trace_id = t.trace_id",
          a.resourceCandidates().toArray());
      SpanConditions.spanAttribute(sql, a);
      sql.append("))");
    }
    if (f.text() != null) {
      sql.and("t.trace_id IN (");
      spansOf(sql, projectId, f);
      sql.and(FreeText.CONDITION, f.text());
      sql.append(")");
    }
    Keyset.after(sql, "t", query, true);
    sql.append(Keyset.orderBy("t", query, true)).fragment("\nLIMIT ?", query.limit() + 1);
  }

  /**
   * Opens {@code SELECT s.trace_id FROM spans s WHERE ...} for a semi-join: the sub-query's WHERE
   * is left open, so the conditions that follow join it with AND. Uncorrelated on purpose: with the
   * trace id as the only join key the planner may turn the matching spans into a distinct set of
   * trace ids and look each trace up by its key, besides probing each trace's spans while walking
   * the list.
   */
  private static void spansOf(Sql sql, String projectId, SpanFilters f) {
    sql.fragment("SELECT s.trace_id FROM spans s WHERE s.project_id = ?", projectId);
    if (f.from() != null) {
      sql.fragment(" AND s.start_time >= ?", Sql.timestamp(f.from())); // no span before its trace
    }
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
            SELECT *, false AS truncated FROM spans
            WHERE project_id = :project AND trace_id = :trace
            ORDER BY start_time_unix_nano, span_id""")
            .param("project", projectId)
            .param("trace", traceId)
            .query((rs, i) -> span(rs))
            .list();
    return tree(flat);
  }

  @Override
  public Page<SpanView> treePage(
      String projectId, String traceId, String cursor, int limit, int bodyLimit) {
    SpanCursor after = cursor == null ? null : SpanCursor.decode(cursor);
    // Everything long is cut in the database, so a page never carries more than about limit x
    // bodyLimit characters per field to the query API, whatever the spans hold: the bodies, each
    // attribute value (the prompt is often an attribute too), and input messages and events, which
    // are left out rather than cut so that what is sent stays valid JSON.
    List<SpanView> flat =
        jdbc.sql(treePageStatement())
            .param("project", projectId)
            .param("trace", traceId)
            .param("cut", bodyLimit)
            .param("afterNano", after == null ? Long.MIN_VALUE : after.startTimeUnixNano())
            .param("afterSpan", after == null ? "" : after.spanId())
            .param("fetch", limit + 1)
            .query((rs, i) -> span(rs))
            .list();
    String next = null;
    if (flat.size() > limit) {
      flat = flat.subList(0, limit);
      SpanView last = flat.getLast();
      next = new SpanCursor(last.startTimeUnixNano(), last.spanId()).encode();
    }
    return new Page<>(tree(flat), next);
  }

  /**
   * One page of a trace's spans in start order, long values cut in the database: named parameters
   * project, trace, cut, afterNano, afterSpan, fetch.
   */
  static String treePageStatement() {
    return """
            SELECT span_id, parent_span_id, name, kind, service_name, scope_name, start_time,
                   start_time_unix_nano, end_time_unix_nano, latency_ms, status, status_message,
                   is_llm, model, provider, prompt_tokens, completion_tokens, total_tokens,
                   cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd,
                   pricing_source, unpriced, unpriced_reason, usage_role, catalog_version,
                   left(prompt, :cut) AS prompt, left(response, :cut) AS response,
                   left(system_prompt, :cut) AS system_prompt,
                   CASE WHEN length(input_messages::text) > :cut THEN NULL
                        ELSE input_messages END AS input_messages,
                   user_id, session_id,
                   %s AS attributes,
                   %s AS resource_attributes,
                   CASE WHEN length(events::text) > :cut THEN NULL ELSE events END AS events,
                   coalesce(length(prompt) > :cut OR length(response) > :cut
                            OR length(system_prompt) > :cut
                            OR length(input_messages::text) > :cut
                            OR length(events::text) > :cut, false)
                     OR %s OR %s AS truncated
            FROM spans
            WHERE project_id = :project AND trace_id = :trace
              AND (start_time_unix_nano, span_id) > (:afterNano, :afterSpan)
            ORDER BY start_time_unix_nano, span_id
            LIMIT :fetch"""
        .formatted(
            cutValues("attributes"),
            cutValues("resource_attributes"),
            hasLongValue("attributes"),
            hasLongValue("resource_attributes"));
  }

  @Override
  public Optional<SpanView> span(String projectId, String traceId, String spanId) {
    return jdbc.sql(
            """
            SELECT *, false AS truncated FROM spans
            WHERE project_id = :project AND trace_id = :trace AND span_id = :span""")
        .param("project", projectId)
        .param("trace", traceId)
        .param("span", spanId)
        .query((rs, i) -> span(rs))
        .optional();
  }

  /**
   * The JSON object column with every value longer than {@code :cut} characters cut to that length
   * (a long array or object becomes the start of its JSON text, as a string).
   */
  private static String cutValues(String column) {
    return """
        CASE WHEN length(%1$s::text) <= :cut THEN %1$s ELSE
          (SELECT jsonb_object_agg(key, CASE
                    WHEN coalesce(length(value #>> '{}'), 0) <= :cut THEN value
                    ELSE to_jsonb(left(value #>> '{}', :cut)) END)
           FROM jsonb_each(%1$s)) END"""
        .formatted(column);
  }

  private static String hasLongValue(String column) {
    return """
        (length(%1$s::text) > :cut
          AND EXISTS (SELECT 1 FROM jsonb_each(%1$s) WHERE length(value #>> '{}') > :cut))"""
        .formatted(column);
  }

  private static List<SpanView> tree(List<SpanView> flat) {
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
        rs.getBoolean("truncated"),
        new ArrayList<>());
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
