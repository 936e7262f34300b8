package io.lumina.storage.replay;

import io.lumina.api.replay.ReplaySetView;
import io.lumina.storage.rollups.CountedSpans;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ReplaySetStore} in PostgreSQL (tables {@code replay_sets}, {@code replay_items}, copied
 * from {@code spans}).
 */
final class JdbcReplaySetStore implements ReplaySetStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The captured columns, in the order the capture reads them and the insert writes them. */
  private static final String ITEM_COLUMNS =
      "project_id, trace_id, span_id, service_name, span_name, start_time, model, provider, prompt,"
          + " input_messages, system_prompt, temperature, max_tokens, response, status, prompt_tokens,"
          + " completion_tokens, cost_usd, latency_ms";

  private static final int ITEM_COLUMN_COUNT = ITEM_COLUMNS.split(",").length;

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;
  private final JdbcClient reads;
  private final TransactionTemplate transactions;

  /**
   * @param jdbc the primary: sets and items are written there
   * @param batches the primary again, for the items' batched insert
   * @param reads where the captured spans are read (a read replica when one is configured)
   */
  JdbcReplaySetStore(
      JdbcClient jdbc, JdbcTemplate batches, JdbcClient reads, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.batches = batches;
    this.reads = reads;
    this.transactions = transactions;
  }

  @Override
  public int create(
      String projectId,
      String setId,
      String name,
      String filtersJson,
      Instant createdAt,
      SpanSelection selection) {
    Integer count =
        transactions.execute(
            tx -> {
              insertSet(projectId, setId, name, filtersJson, createdAt);
              int copied = copySpans(projectId, setId, selection);
              if (copied == 0) {
                tx.setRollbackOnly();
                return 0;
              }
              setItemCount(projectId, setId, copied);
              return copied;
            });
    return count == null ? 0 : count;
  }

  private void insertSet(
      String projectId, String id, String name, String filtersJson, Instant createdAt) {
    jdbc.sql(
            """
            INSERT INTO replay_sets (id, project_id, name, filters, item_count, created_at)
            VALUES (?, ?, ?, ?::jsonb, 0, ?)""")
        .params(id, projectId, name, filtersJson, Timestamp.from(createdAt))
        .update();
  }

  /**
   * Copies the matching LLM spans into the set: read (from the replica when there is one, so a
   * large capture does not load the primary) and then written to the primary in one batch. Only
   * calls with something to replay (a prompt or input messages) qualify, each once: a span
   * repeating the calls below it (counted by none of the totals either, see {@link CountedSpans})
   * is not a call to replay. When more match than the limit, the sample is the first {@code limit}
   * by md5 of trace and span id: spread over the whole range (not just the newest) and the same for
   * the same data, so capturing twice gives the same set. Items are numbered by start time.
   */
  private int copySpans(String projectId, String setId, SpanSelection selection) {
    StringBuilder where =
        new StringBuilder(
            "project_id = ? AND is_llm AND "
                + CountedSpans.condition("")
                + " AND (prompt IS NOT NULL OR input_messages IS NOT NULL)");
    List<Object> params = new ArrayList<>();
    params.add(projectId);
    // Only fixed SQL text is appended; every value is a parameter.
    condition(where, params, "service_name = ?", selection.service());
    condition(where, params, "model = ?", selection.model());
    condition(where, params, "provider = ?", selection.provider());
    condition(where, params, "status = ?", selection.status());
    condition(
        where,
        params,
        "start_time >= ?",
        selection.from() == null ? null : Timestamp.from(selection.from()));
    condition(
        where,
        params,
        "start_time < ?",
        selection.to() == null ? null : Timestamp.from(selection.to()));
    if (!selection.traceIds().isEmpty()) {
      where
          .append(" AND trace_id IN (")
          .append(String.join(", ", selection.traceIds().stream().map(t -> "?").toList()))
          .append(")");
      params.addAll(selection.traceIds());
    }
    params.add(selection.limit());
    List<Object[]> items =
        reads
            .sql(
                """
                SELECT s.project_id, s.trace_id, s.span_id, s.service_name, s.name, s.start_time, s.model,
                    s.provider, s.prompt, s.input_messages, s.system_prompt, s.temperature, s.max_tokens,
                    s.response, s.status, s.prompt_tokens, s.completion_tokens, s.cost_usd, s.latency_ms
                FROM (SELECT * FROM spans WHERE %s ORDER BY md5(trace_id || span_id) LIMIT ?) s
                ORDER BY s.start_time, s.trace_id, s.span_id"""
                    .formatted(where))
            .params(params)
            .query(JdbcReplaySetStore::itemColumns)
            .list();
    String placeholders = String.join(", ", Collections.nCopies(ITEM_COLUMN_COUNT, "?"));
    List<Object[]> rows = new ArrayList<>(items.size());
    for (int position = 0; position < items.size(); position++) {
      Object[] row = new Object[ITEM_COLUMN_COUNT + 2];
      row[0] = setId;
      row[1] = position;
      System.arraycopy(items.get(position), 0, row, 2, ITEM_COLUMN_COUNT);
      rows.add(row);
    }
    // One batch (one round trip per driver batch), not a statement per captured call.
    batches.batchUpdate(
        "INSERT INTO replay_items (set_id, position, %s) VALUES (?, ?, %s)"
            .formatted(ITEM_COLUMNS, placeholders),
        rows);
    return items.size();
  }

  private static Object[] itemColumns(ResultSet rs, int row) throws SQLException {
    Object[] values = new Object[ITEM_COLUMN_COUNT];
    for (int i = 0; i < values.length; i++) {
      values[i] = rs.getObject(i + 1);
    }
    return values;
  }

  private static void condition(
      StringBuilder where, List<Object> params, String condition, Object value) {
    if (value != null) {
      where.append(" AND ").append(condition);
      params.add(value);
    }
  }

  private void setItemCount(String projectId, String setId, int count) {
    jdbc.sql("UPDATE replay_sets SET item_count = ? WHERE project_id = ? AND id = ?")
        .params(count, projectId, setId)
        .update();
  }

  @Override
  public List<ReplaySetView> list(String projectId, int limit) {
    return jdbc.sql(
            """
            SELECT id, name, filters::text AS filters, item_count, created_at FROM replay_sets
            WHERE project_id = ? ORDER BY created_at DESC, id LIMIT ?""")
        .params(projectId, limit)
        .query((rs, n) -> set(rs))
        .list();
  }

  @Override
  public Optional<ReplaySetView> find(String projectId, String setId) {
    return jdbc.sql(
            """
            SELECT id, name, filters::text AS filters, item_count, created_at FROM replay_sets
            WHERE project_id = ? AND id = ?""")
        .params(projectId, setId)
        .query((rs, n) -> set(rs))
        .optional();
  }

  @Override
  public List<ReplaySetView.Item> items(String projectId, String setId) {
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

  @Override
  public List<ReplaySetView.RunRef> runs(String projectId, String setId) {
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
