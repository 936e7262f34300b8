package io.lumina.storage.pricing;

import io.lumina.api.pricing.RepriceJob;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.storage.sql.Sql;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link RepriceJobs} in PostgreSQL. A chunk's re-pricing ({@link PostgresRepricer#chunk}) and the
 * job's progress commit in one transaction, so a job resumed elsewhere starts at the first chunk
 * not committed and counts no chunk twice.
 */
public final class JdbcRepriceJobs implements RepriceJobs {
  private static final String COLUMNS =
      """
      id, status, range_from, range_to, catalog_version, chunks_done, chunks_total, spans_examined,
      spans_repriced, traces_updated, error, created_at, started_at, finished_at""";

  private static final SecureRandom IDS = new SecureRandom();

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TransactionTemplate transactions;
  private final PriceOverrideStore overrides;

  public JdbcRepriceJobs(DataSource dataSource, PriceOverrideStore overrides) {
    this.jdbc = JdbcClient.create(dataSource);
    this.template = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.overrides = overrides;
  }

  @Override
  public Submitted submit(String projectId, Instant from, Instant to, Duration chunk, Instant now) {
    long chunkSeconds = chunk.toSeconds();
    long rangeSeconds = Duration.between(from, to).toSeconds();
    int total = Math.toIntExact((rangeSeconds + chunkSeconds - 1) / chunkSeconds);
    // the unfinished job may finish between the insert and the look-up: then insert again
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<RepriceJob> created =
          jdbc.sql(
                  """
                  INSERT INTO reprice_jobs (id, project_id, range_from, range_to, chunk_seconds,
                      status, chunks_total, created_at)
                  VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)
                  ON CONFLICT (project_id) WHERE status IN ('queued', 'running') DO NOTHING
                  RETURNING \s"""
                      + COLUMNS)
              .params(
                  newId(),
                  projectId,
                  Timestamp.from(from),
                  Timestamp.from(to),
                  chunkSeconds,
                  total,
                  Timestamp.from(now))
              .query(JdbcRepriceJobs::job)
              .optional();
      if (created.isPresent()) {
        return new Submitted(created.get(), true);
      }
      Optional<RepriceJob> running =
          jdbc.sql(
                  "SELECT "
                      + COLUMNS
                      + " FROM reprice_jobs WHERE project_id = ?"
                      + " AND status IN ('queued', 'running')")
              .param(projectId)
              .query(JdbcRepriceJobs::job)
              .optional();
      if (running.isPresent()) {
        return new Submitted(running.get(), false);
      }
    }
    throw new IllegalStateException("could not record a re-pricing job for " + projectId);
  }

  @Override
  public Optional<RepriceJob> find(String projectId, String jobId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM reprice_jobs WHERE project_id = ? AND id = ?")
        .params(projectId, jobId)
        .query(JdbcRepriceJobs::job)
        .optional();
  }

  @Override
  public Optional<RepriceJob> claim(String owner, Instant now, Duration lease) {
    return jdbc.sql(
            """
            UPDATE reprice_jobs SET status = 'running', lease_owner = ?, lease_until = ?,
                started_at = coalesce(started_at, ?)
            WHERE id = (SELECT id FROM reprice_jobs
                        WHERE status IN ('queued', 'running')
                          AND (lease_until IS NULL OR lease_until <= ?)
                        ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING \s"""
                + COLUMNS)
        .params(owner, Timestamp.from(now.plus(lease)), Timestamp.from(now), Timestamp.from(now))
        .query(JdbcRepriceJobs::job)
        .optional();
  }

  @Override
  public Optional<RepriceJob> runChunk(
      String owner, String jobId, PriceCatalog catalog, Instant now, Duration lease) {
    return transactions.execute(
        status ->
            template.execute(
                (ConnectionCallback<Optional<RepriceJob>>)
                    c -> runChunk(c, owner, jobId, catalog, now, lease)));
  }

  private Optional<RepriceJob> runChunk(
      Connection c, String owner, String jobId, PriceCatalog catalog, Instant now, Duration lease)
      throws SQLException {
    String projectId;
    Instant from;
    Instant to;
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT project_id, range_from, range_to, chunk_seconds, chunks_done
            FROM reprice_jobs
            WHERE id = ? AND lease_owner = ? AND lease_until > ? AND status = 'running'
            FOR UPDATE""")) {
      ps.setString(1, jobId);
      ps.setString(2, owner);
      ps.setTimestamp(3, Timestamp.from(now));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        projectId = rs.getString("project_id");
        Duration chunk = Duration.ofSeconds(rs.getLong("chunk_seconds"));
        Instant end = rs.getTimestamp("range_to").toInstant();
        from = rs.getTimestamp("range_from").toInstant().plus(chunk.multipliedBy(rs.getInt(5)));
        Instant chunkEnd = from.plus(chunk);
        to = chunkEnd.isAfter(end) ? end : chunkEnd;
      }
    }
    // the overrides as they are when the chunk runs
    CostCalculator calculator = new CostCalculator(catalog, overrides.prices(projectId));
    PostgresRepricer.ChunkCounts counts =
        PostgresRepricer.chunk(c, calculator, projectId, from, to);
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE reprice_jobs SET chunks_done = chunks_done + 1,
                spans_examined = spans_examined + ?, spans_repriced = spans_repriced + ?,
                traces_updated = traces_updated + ?, catalog_version = ?,
                status = CASE WHEN chunks_done + 1 = chunks_total THEN 'succeeded' ELSE status END,
                finished_at = CASE WHEN chunks_done + 1 = chunks_total THEN ?::timestamptz END,
                lease_until = CASE WHEN chunks_done + 1 < chunks_total THEN ?::timestamptz END
            WHERE id = ?
            RETURNING \s"""
                + COLUMNS)) {
      ps.setLong(1, counts.examined());
      ps.setLong(2, counts.repriced());
      ps.setLong(3, counts.traces());
      ps.setString(4, catalog.version());
      ps.setTimestamp(5, Timestamp.from(now));
      ps.setTimestamp(6, Timestamp.from(now.plus(lease)));
      ps.setString(7, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Optional.of(job(rs, 0));
      }
    }
  }

  @Override
  public void fail(String owner, String jobId, String error, Instant now) {
    jdbc.sql(
            """
            UPDATE reprice_jobs SET status = 'failed', error = ?, finished_at = ?, lease_until = NULL
            WHERE id = ? AND lease_owner = ? AND status IN ('queued', 'running')""")
        .params(error, Timestamp.from(now), jobId, owner)
        .update();
  }

  @Override
  public void release(String owner, String jobId) {
    jdbc.sql(
            """
            UPDATE reprice_jobs SET lease_until = NULL
            WHERE id = ? AND lease_owner = ? AND status IN ('queued', 'running')""")
        .params(jobId, owner)
        .update();
  }

  private static String newId() {
    byte[] bytes = new byte[8];
    IDS.nextBytes(bytes);
    return "rpj_" + HexFormat.of().formatHex(bytes);
  }

  private static RepriceJob job(ResultSet rs, int row) throws SQLException {
    return new RepriceJob(
        rs.getString("id"),
        rs.getString("status"),
        Sql.instant(rs, "range_from"),
        Sql.instant(rs, "range_to"),
        rs.getString("catalog_version"),
        rs.getInt("chunks_done"),
        rs.getInt("chunks_total"),
        rs.getLong("spans_examined"),
        rs.getLong("spans_repriced"),
        rs.getLong("traces_updated"),
        rs.getString("error"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "finished_at"));
  }
}
