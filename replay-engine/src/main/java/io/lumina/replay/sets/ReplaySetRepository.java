package io.lumina.replay.sets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Replay sets and their items in PostgreSQL. Every method is scoped by project. */
@Repository
class ReplaySetRepository {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;

  ReplaySetRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The span filter of one capture: SQL conditions with their parameters, in order. */
  record SpanFilter(List<String> conditions, List<Object> parameters, int limit) {}

  void insertSet(String projectId, String id, String name, String filtersJson, Instant createdAt) {
    jdbc.sql(
            """
            INSERT INTO replay_sets (id, project_id, name, filters, item_count, created_at)
            VALUES (?, ?, ?, ?::jsonb, 0, ?)""")
        .params(id, projectId, name, filtersJson, Timestamp.from(createdAt))
        .update();
  }

  /**
   * Copies the matching LLM spans into the set in one statement. Only calls with something to
   * replay (a prompt or input messages) qualify. When more match than the limit, the sample is the
   * first {@code limit} by md5 of trace and span id: spread over the whole range (not just the
   * newest) and the same for the same data, so capturing twice gives the same set. Items are
   * numbered by start time.
   */
  int copySpans(String projectId, String setId, SpanFilter filter) {
    StringBuilder where =
        new StringBuilder(
            "project_id = ? AND is_llm AND (prompt IS NOT NULL OR input_messages IS NOT NULL)");
    for (String condition : filter.conditions()) {
      where.append(" AND ").append(condition);
    }
    List<Object> params = new ArrayList<>();
    params.add(setId);
    params.add(projectId);
    params.addAll(filter.parameters());
    params.add(filter.limit());
    return jdbc.sql(
            """
            INSERT INTO replay_items (set_id, position, project_id, trace_id, span_id, service_name, span_name,
                start_time, model, provider, prompt, input_messages, system_prompt, temperature, max_tokens,
                response, status, prompt_tokens, completion_tokens, cost_usd, latency_ms)
            SELECT ?, (row_number() OVER (ORDER BY s.start_time, s.trace_id, s.span_id) - 1)::int,
                s.project_id, s.trace_id, s.span_id, s.service_name, s.name, s.start_time, s.model, s.provider,
                s.prompt, s.input_messages, s.system_prompt, s.temperature, s.max_tokens, s.response, s.status,
                s.prompt_tokens, s.completion_tokens, s.cost_usd, s.latency_ms
            FROM (SELECT * FROM spans WHERE %s ORDER BY md5(trace_id || span_id) LIMIT ?) s
            """
                .formatted(where))
        .params(params)
        .update();
  }

  void setItemCount(String projectId, String setId, int count) {
    jdbc.sql("UPDATE replay_sets SET item_count = ? WHERE project_id = ? AND id = ?")
        .params(count, projectId, setId)
        .update();
  }

  List<ReplaySetView> list(String projectId, int limit) {
    return jdbc.sql(
            """
            SELECT id, name, filters::text AS filters, item_count, created_at FROM replay_sets
            WHERE project_id = ? ORDER BY created_at DESC, id LIMIT ?""")
        .params(projectId, limit)
        .query((rs, n) -> set(rs))
        .list();
  }

  Optional<ReplaySetView> find(String projectId, String setId) {
    return jdbc.sql(
            """
            SELECT id, name, filters::text AS filters, item_count, created_at FROM replay_sets
            WHERE project_id = ? AND id = ?""")
        .params(projectId, setId)
        .query((rs, n) -> set(rs))
        .optional();
  }

  List<ReplaySetView.Item> items(String projectId, String setId) {
    return jdbc.sql(
            """
            SELECT position, trace_id, span_id, service_name, span_name, start_time, model, provider, prompt,
                input_messages::text AS input_messages, system_prompt, temperature, max_tokens, response, status,
                prompt_tokens, completion_tokens, cost_usd, latency_ms
            FROM replay_items WHERE project_id = ? AND set_id = ? ORDER BY position""")
        .params(projectId, setId)
        .query(
            (rs, n) ->
                new ReplaySetView.Item(
                    rs.getInt("position"),
                    rs.getString("trace_id"),
                    rs.getString("span_id"),
                    rs.getString("service_name"),
                    rs.getString("span_name"),
                    rs.getTimestamp("start_time").toInstant(),
                    rs.getString("model"),
                    rs.getString("provider"),
                    rs.getString("prompt"),
                    json(rs.getString("input_messages")),
                    rs.getString("system_prompt"),
                    rs.getObject("temperature", Double.class),
                    rs.getObject("max_tokens", Long.class),
                    rs.getString("response"),
                    rs.getString("status"),
                    rs.getObject("prompt_tokens", Long.class),
                    rs.getObject("completion_tokens", Long.class),
                    rs.getBigDecimal("cost_usd"),
                    rs.getDouble("latency_ms")))
        .list();
  }

  List<ReplaySetView.RunRef> runs(String projectId, String setId) {
    return jdbc.sql(
            """
            SELECT id, status, provider, model, created_at FROM replay_runs
            WHERE project_id = ? AND set_id = ? ORDER BY created_at DESC, id""")
        .params(projectId, setId)
        .query(
            (rs, n) ->
                new ReplaySetView.RunRef(
                    rs.getString("id"),
                    rs.getString("status"),
                    rs.getString("provider"),
                    rs.getString("model"),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  private static ReplaySetView set(ResultSet rs) throws SQLException {
    return new ReplaySetView(
        rs.getString("id"),
        rs.getString("name"),
        json(rs.getString("filters")),
        rs.getInt("item_count"),
        rs.getTimestamp("created_at").toInstant(),
        null,
        null);
  }

  private static JsonNode json(String text) {
    return text == null ? null : JSON.readTree(text);
  }
}
