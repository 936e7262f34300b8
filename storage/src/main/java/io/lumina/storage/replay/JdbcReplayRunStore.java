package io.lumina.storage.replay;

import io.lumina.api.replay.RunStatus;
import io.lumina.storage.sql.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link ReplayRunStore} in PostgreSQL (tables {@code replay_runs}, {@code replay_results}). */
final class JdbcReplayRunStore implements ReplayRunStore {
  private static final String RUN_COLUMNS =
      """
      id, project_id, set_id, status, provider, model, system_prompt, prompt_template, temperature, max_tokens,
      scorer, total, resumed_count, error, created_at, started_at, finished_at""";

  private final JdbcClient jdbc;

  JdbcReplayRunStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Integer> setSize(String projectId, String setId) {
    return jdbc.sql("SELECT item_count FROM replay_sets WHERE project_id = ? AND id = ?")
        .params(projectId, setId)
        .query(Integer.class)
        .optional();
  }

  @Override
  public void insert(ReplayRun run) {
    jdbc.sql(
            """
            INSERT INTO replay_runs (id, project_id, set_id, status, provider, model, system_prompt, prompt_template,
                temperature, max_tokens, scorer, total, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            run.id(),
            run.projectId(),
            run.setId(),
            run.status().db(),
            run.provider(),
            run.model(),
            run.systemPrompt(),
            run.promptTemplate(),
            run.temperature(),
            run.maxTokens(),
            run.scorer(),
            run.total(),
            Timestamp.from(run.createdAt()))
        .update();
  }

  @Override
  public Optional<ReplayRun> find(String projectId, String runId) {
    return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM replay_runs WHERE project_id = ? AND id = ?")
        .params(projectId, runId)
        .query((rs, n) -> run(rs))
        .optional();
  }

  @Override
  public Optional<ReplayRun> latestOfSet(String projectId, String setId) {
    return jdbc.sql(
            "SELECT "
                + RUN_COLUMNS
                + " FROM replay_runs WHERE project_id = ? AND set_id = ? ORDER BY created_at DESC, id DESC LIMIT 1")
        .params(projectId, setId)
        .query((rs, n) -> run(rs))
        .optional();
  }

  @Override
  public List<ReplayRun> unfinished(Instant now) {
    return jdbc.sql(
            "SELECT "
                + RUN_COLUMNS
                + """
             FROM replay_runs WHERE status IN ('queued', 'running')
              AND (lease_until IS NULL OR lease_until <= ?)
            ORDER BY created_at, id""")
        .params(Timestamp.from(now))
        .query((rs, n) -> run(rs))
        .list();
  }

  @Override
  public boolean claim(
      String projectId,
      String runId,
      String owner,
      Instant now,
      Instant leaseUntil,
      boolean resumed) {
    return jdbc.sql(
                """
            UPDATE replay_runs SET status = 'running', started_at = COALESCE(started_at, ?),
                resumed_count = resumed_count + ?, lease_owner = ?, lease_until = ?
            WHERE project_id = ? AND id = ? AND status IN ('queued', 'running')
              AND (lease_owner IS NULL OR lease_owner = ? OR lease_until IS NULL OR lease_until <= ?)""")
            .params(
                Timestamp.from(now),
                resumed ? 1 : 0,
                owner,
                Timestamp.from(leaseUntil),
                projectId,
                runId,
                owner,
                Timestamp.from(now))
            .update()
        == 1;
  }

  @Override
  public List<String> renew(String owner, Collection<String> runIds, Instant leaseUntil) {
    if (runIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            UPDATE replay_runs SET lease_until = ?
            WHERE id = ANY (?) AND lease_owner = ? AND status IN ('queued', 'running')
            RETURNING id""")
        .params(Timestamp.from(leaseUntil), runIds.toArray(String[]::new), owner)
        .query((rs, n) -> rs.getString(1))
        .list();
  }

  @Override
  public void release(String owner, Collection<String> runIds, Instant now) {
    if (runIds.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            UPDATE replay_runs SET lease_until = ?
            WHERE id = ANY (?) AND lease_owner = ? AND status IN ('queued', 'running')""")
        .params(Timestamp.from(now), runIds.toArray(String[]::new), owner)
        .update();
  }

  @Override
  public boolean finish(
      String projectId, String runId, RunStatus status, String error, Instant now) {
    return jdbc.sql(
                """
            UPDATE replay_runs SET status = ?, error = ?, finished_at = ?, lease_until = NULL
            WHERE project_id = ? AND id = ? AND status IN ('queued', 'running')""")
            .params(status.db(), error, Timestamp.from(now), projectId, runId)
            .update()
        == 1;
  }

  @Override
  public List<RunItem> pendingItems(String projectId, String runId) {
    return jdbc.sql(
            """
            SELECT i.position, i.trace_id, i.span_id, i.model, i.provider, i.prompt, i.input_messages::text AS messages,
                i.system_prompt, i.temperature, i.max_tokens, i.response, i.prompt_tokens, i.completion_tokens,
                i.cost_usd, i.latency_ms
            FROM replay_runs r JOIN replay_items i ON i.set_id = r.set_id AND i.project_id = r.project_id
            WHERE r.project_id = ? AND r.id = ?
              AND NOT EXISTS (SELECT 1 FROM replay_results x WHERE x.run_id = r.id AND x.position = i.position)
            ORDER BY i.position""")
        .params(projectId, runId)
        .query((rs, n) -> item(rs))
        .list();
  }

  @Override
  public void insertResult(String projectId, String runId, ItemResult r) {
    jdbc.sql(
            """
            INSERT INTO replay_results (run_id, position, project_id, status, model, response, prompt_tokens,
                completion_tokens, cost_usd, pricing_source, latency_ms, similarity, exact_match, attempts,
                http_status, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, position) DO NOTHING""")
        .params(
            runId,
            r.position(),
            projectId,
            r.status(),
            r.model(),
            r.response(),
            r.promptTokens(),
            r.completionTokens(),
            r.costUsd(),
            r.pricingSource(),
            r.latencyMs(),
            r.similarity(),
            r.exactMatch(),
            r.attempts(),
            r.httpStatus(),
            r.error())
        .update();
  }

  @Override
  public List<ComparedItem> compared(String projectId, String runId) {
    return jdbc.sql(
            """
            SELECT i.position, i.trace_id, i.span_id, i.model, i.provider, i.prompt, i.input_messages::text AS messages,
                i.system_prompt, i.temperature, i.max_tokens, i.response, i.prompt_tokens, i.completion_tokens,
                i.cost_usd, i.latency_ms,
                x.status AS r_status, x.model AS r_model, x.response AS r_response, x.prompt_tokens AS r_prompt_tokens,
                x.completion_tokens AS r_completion_tokens, x.cost_usd AS r_cost_usd, x.pricing_source AS r_pricing,
                x.latency_ms AS r_latency_ms, x.similarity AS r_similarity, x.exact_match AS r_exact_match,
                x.attempts AS r_attempts, x.http_status AS r_http_status, x.error AS r_error
            FROM replay_runs r JOIN replay_items i ON i.set_id = r.set_id AND i.project_id = r.project_id
            LEFT JOIN replay_results x ON x.run_id = r.id AND x.position = i.position
            WHERE r.project_id = ? AND r.id = ?
            ORDER BY i.position""")
        .params(projectId, runId)
        .query(
            (rs, n) ->
                new ComparedItem(
                    item(rs),
                    rs.getString("r_status") == null
                        ? null
                        : new ItemResult(
                            rs.getInt("position"),
                            rs.getString("r_status"),
                            rs.getString("r_model"),
                            rs.getString("r_response"),
                            rs.getObject("r_prompt_tokens", Long.class),
                            rs.getObject("r_completion_tokens", Long.class),
                            rs.getBigDecimal("r_cost_usd"),
                            rs.getString("r_pricing"),
                            rs.getObject("r_latency_ms", Double.class),
                            rs.getObject("r_similarity", Double.class),
                            rs.getObject("r_exact_match", Boolean.class),
                            rs.getInt("r_attempts"),
                            rs.getObject("r_http_status", Integer.class),
                            rs.getString("r_error"))))
        .list();
  }

  private static RunItem item(ResultSet rs) throws SQLException {
    return new RunItem(
        rs.getInt("position"),
        rs.getString("trace_id"),
        rs.getString("span_id"),
        rs.getString("model"),
        rs.getString("provider"),
        rs.getString("prompt"),
        rs.getString("messages"),
        rs.getString("system_prompt"),
        rs.getObject("temperature", Double.class),
        rs.getObject("max_tokens", Long.class),
        rs.getString("response"),
        rs.getObject("prompt_tokens", Long.class),
        rs.getObject("completion_tokens", Long.class),
        rs.getBigDecimal("cost_usd"),
        rs.getDouble("latency_ms"));
  }

  private static ReplayRun run(ResultSet rs) throws SQLException {
    return new ReplayRun(
        rs.getString("id"),
        rs.getString("project_id"),
        rs.getString("set_id"),
        RunStatus.of(rs.getString("status")),
        rs.getString("provider"),
        rs.getString("model"),
        rs.getString("system_prompt"),
        rs.getString("prompt_template"),
        rs.getObject("temperature", Double.class),
        rs.getObject("max_tokens", Long.class),
        rs.getString("scorer"),
        rs.getInt("total"),
        rs.getInt("resumed_count"),
        rs.getString("error"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "finished_at"));
  }
}
