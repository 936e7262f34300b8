package io.lumina.storage.quality;

import io.lumina.storage.rollups.HourlyRollups;
import io.lumina.storage.rollups.TraceSummaries;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link QualityStore} on the span table and {@code prompt_baselines}. */
public final class PostgresQualityStore implements QualityStore {
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  public PostgresQualityStore(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  private static final String UNSCORED =
      """
      SELECT project_id, trace_id, span_id, start_time, service_name, model, provider, status, prompt, response
      FROM spans
      WHERE scored_at IS NULL AND response IS NOT NULL
      ORDER BY stored_at
      LIMIT ?""";

  // Served by spans_unscored_idx (partial), oldest stored first so nothing starves.
  @Override
  public List<Unscored> unscored(int limit) {
    return jdbc.query(UNSCORED, PostgresQualityStore::unscoredRow, limit);
  }

  @Override
  public Claimed scoreClaimed(
      int limit, Function<List<Unscored>, List<Score>> scoring, Instant now) {
    return transactions.execute(
        tx -> {
          List<Unscored> claimed =
              jdbc.query(
                  UNSCORED + " FOR UPDATE SKIP LOCKED", PostgresQualityStore::unscoredRow, limit);
          if (claimed.isEmpty()) {
            return new Claimed(0, 0);
          }
          return new Claimed(claimed.size(), writeInTransaction(scoring.apply(claimed), now));
        });
  }

  private static Unscored unscoredRow(ResultSet rs, int i) throws SQLException {
    return new Unscored(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getTimestamp(4).toInstant(),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10));
  }

  @Override
  public long backlog(int cap) {
    Long n =
        jdbc.queryForObject(
            """
        SELECT count(*) FROM (
          SELECT 1 FROM spans WHERE scored_at IS NULL AND response IS NOT NULL LIMIT ?) s""",
            Long.class,
            cap);
    return n == null ? 0 : n;
  }

  /** Another replica may have inserted the baseline first: then it stays. */
  @Override
  public void insertBaselinesIfAbsent(List<NewBaseline> baselines) {
    if (baselines.isEmpty()) {
      return;
    }
    String[][] columns = new String[7][baselines.size()];
    for (int i = 0; i < baselines.size(); i++) {
      NewBaseline b = baselines.get(i);
      columns[0][i] = b.span().projectId();
      columns[1][i] = b.promptHash();
      columns[2][i] = b.span().serviceName();
      columns[3][i] = b.span().response();
      columns[4][i] = b.responseHash();
      columns[5][i] = b.span().traceId();
      columns[6][i] = b.span().spanId();
    }
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  """
          INSERT INTO prompt_baselines (project_id, prompt_hash, service_name, response, response_hash, trace_id, span_id)
          SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
          ON CONFLICT (project_id, prompt_hash) DO NOTHING""");
          for (int c = 0; c < columns.length; c++) {
            ps.setArray(c + 1, con.createArrayOf("text", columns[c]));
          }
          return ps;
        });
  }

  @Override
  public Map<String, Baseline> baselines(String projectId, Collection<String> promptHashes) {
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

  @Override
  public int write(List<Score> scores, Instant now) {
    Integer degraded = transactions.execute(tx -> writeInTransaction(scores, now));
    return degraded == null ? 0 : degraded;
  }

  private int writeInTransaction(List<Score> scores, Instant now) {
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
        jdbc.update(TraceSummaries.MARK_DEGRADED, span.projectId(), span.traceId());
        jdbc.update(
            HourlyRollups.COUNT_DEGRADED,
            span.projectId(),
            span.traceId(),
            span.spanId(),
            Timestamp.from(span.startTime()));
      }
    }
    return degraded;
  }
}
