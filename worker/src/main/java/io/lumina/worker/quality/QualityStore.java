package io.lumina.worker.quality;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The SQL of quality scoring: unscored spans, prompt baselines, thresholds, and writing scores. */
@Repository
class QualityStore {
  private final JdbcTemplate jdbc;

  QualityStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored span waiting for its score. */
  record Unscored(
      String projectId,
      String traceId,
      String spanId,
      Instant startTime,
      String serviceName,
      String model,
      String provider,
      String status,
      String prompt,
      String response) {}

  /** A prompt's baseline response. */
  record Baseline(String response, String responseHash, String traceId, String spanId) {}

  /**
   * The outcome for one span. {@code similarity} null: first occurrence of the prompt, or scorer
   * failed.
   */
  record Score(
      Unscored span,
      String promptHash,
      String responseHash,
      Double similarity,
      String scorer,
      boolean degraded) {}

  // Served by spans_unscored_idx (partial), oldest stored first so nothing starves.
  List<Unscored> unscored(int limit) {
    return jdbc.query(
        """
        SELECT project_id, trace_id, span_id, start_time, service_name, model, provider, status, prompt, response
        FROM spans
        WHERE scored_at IS NULL AND response IS NOT NULL
        ORDER BY stored_at
        LIMIT ?""",
        (rs, i) ->
            new Unscored(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getTimestamp(4).toInstant(),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10)),
        limit);
  }

  /**
   * How many spans wait, counted up to {@code cap} so the gauge stays cheap under a large backlog.
   */
  long backlog(int cap) {
    Long n =
        jdbc.queryForObject(
            """
        SELECT count(*) FROM (
          SELECT 1 FROM spans WHERE scored_at IS NULL AND response IS NOT NULL LIMIT ?) s""",
            Long.class,
            cap);
    return n == null ? 0 : n;
  }

  /** Inserts the baseline unless the prompt already has one (another replica may have won). */
  void insertBaselineIfAbsent(Unscored span, String promptHash, String responseHash) {
    jdbc.update(
        """
        INSERT INTO prompt_baselines (project_id, prompt_hash, service_name, response, response_hash, trace_id, span_id)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (project_id, prompt_hash) DO NOTHING""",
        span.projectId(),
        promptHash,
        span.serviceName(),
        span.response(),
        responseHash,
        span.traceId(),
        span.spanId());
  }

  /** Baselines of these prompts in this project, by prompt hash. */
  Map<String, Baseline> baselines(String projectId, Collection<String> promptHashes) {
    Map<String, Baseline> found = new HashMap<>();
    if (promptHashes.isEmpty()) {
      return found;
    }
    jdbc.query(
        con -> {
          var ps =
              con.prepareStatement(
                  """
          SELECT prompt_hash, response, response_hash, trace_id, span_id FROM prompt_baselines
          WHERE project_id = ? AND prompt_hash = ANY (?)""");
          ps.setString(1, projectId);
          Array array = con.createArrayOf("text", promptHashes.toArray());
          ps.setArray(2, array);
          return ps;
        },
        rs -> {
          found.put(
              rs.getString(1),
              new Baseline(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        });
    return found;
  }

  /** Per-service thresholds of a project; the key "" is the project-wide one. */
  Map<String, Double> thresholds(String projectId) {
    Map<String, Double> found = new HashMap<>();
    jdbc.query(
        "SELECT service_name, degraded_below FROM quality_thresholds WHERE project_id = ?",
        rs -> {
          found.put(rs.getString(1), rs.getDouble(2));
        },
        projectId);
    return found;
  }

  /**
   * Writes the scores; a span another replica scored first is left alone. A degraded score turns an
   * {@code ok} span degraded, and then its trace summary and hourly rollup follow, only for the
   * spans this call really changed, so nothing counts twice.
   *
   * @return how many spans turned degraded
   */
  int write(List<Score> scores, Instant now) {
    List<Object[]> rows = new ArrayList<>(scores.size());
    for (Score s : scores) {
      rows.add(
          new Object[] {
            s.promptHash(),
            s.responseHash(),
            s.similarity(),
            s.scorer(),
            Timestamp.from(now),
            s.degraded(),
            s.span().projectId(),
            s.span().traceId(),
            s.span().spanId(),
            Timestamp.from(s.span().startTime())
          });
    }
    int[] updated =
        jdbc.batchUpdate(
            """
        UPDATE spans SET prompt_hash = ?, response_hash = ?, similarity = ?, scorer = ?, scored_at = ?,
               status = CASE WHEN ? AND status = 'ok' THEN 'degraded' ELSE status END
        WHERE project_id = ? AND trace_id = ? AND span_id = ? AND start_time = ? AND scored_at IS NULL""",
            rows);
    int degraded = 0;
    for (int i = 0; i < scores.size(); i++) {
      Score s = scores.get(i);
      if (s.degraded() && updated[i] != 0 && "ok".equals(s.span().status())) {
        degraded++;
        Unscored span = s.span();
        jdbc.update(
            "UPDATE traces SET status = 'degraded', updated_at = now() "
                + "WHERE project_id = ? AND trace_id = ? AND status = 'ok'",
            span.projectId(),
            span.traceId());
        jdbc.update(
            """
            UPDATE span_rollups_hourly SET degraded_count = degraded_count + 1
            WHERE project_id = ? AND hour = date_trunc('hour', ?::timestamptz)
              AND service_name = ? AND model = ? AND provider = ?""",
            span.projectId(),
            Timestamp.from(span.startTime()),
            span.serviceName(),
            span.model() == null ? "" : span.model(),
            span.provider() == null ? "" : span.provider());
      }
    }
    return degraded;
  }
}
