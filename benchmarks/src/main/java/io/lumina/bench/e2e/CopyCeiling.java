package io.lumina.bench.e2e;

import io.lumina.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The ceiling on this hardware: the rows the platform stored, copied out and loaded again with one
 * plain {@code COPY spans FROM STDIN} into a fresh database with the same schema (partitions,
 * indexes, the same server). No normalization, no queue, no summaries, no conflict handling: what
 * PostgreSQL alone can take. Repeated {@code rounds} times (truncating between rounds); the best
 * round is the ceiling.
 */
public final class CopyCeiling {
  /**
   * @param spansPerSecond best round; {@code roundSeconds} every round, in order
   */
  public record Result(long rows, long bytes, double spansPerSecond, double[] roundSeconds) {}

  private CopyCeiling() {}

  /**
   * @param source the benchmark database, holding the rows to copy
   * @param where SQL condition selecting them (from the benchmark's own constants, never user
   *     input)
   */
  public static Result measure(
      TestDatabase source, String where, TestDatabase target, int rounds, long minRows)
      throws SQLException, IOException {
    Path file = Files.createTempFile("lumina-ceiling-", ".copy");
    try {
      String columns;
      List<String> days = new ArrayList<>();
      try (Connection c = source.connect();
          Statement s = c.createStatement()) {
        try (ResultSet rs =
            s.executeQuery(
                """
            SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = 'spans'""")) {
          rs.next();
          columns = rs.getString(1);
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT (start_time AT TIME ZONE 'UTC')::date::text FROM spans WHERE "
                    + where)) {
          while (rs.next()) {
            days.add(rs.getString(1));
          }
        }
        long sourceRows;
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM spans WHERE " + where)) {
          rs.next();
          sourceRows = rs.getLong(1);
        }
        // A short warm-up on a slow box stores few rows, and COPY's fixed costs would dominate: the
        // rows
        // are then repeated under new trace ids (same length, same everything else) up to minRows.
        long copies = Math.max(1, (minRows + sourceRows - 1) / Math.max(1, sourceRows));
        String select =
            columns
                .replaceFirst("(^|,)trace_id(,|$)", "$1md5(s.trace_id || '-' || k)$2")
                .replaceAll("(^|,)(?!md5)([a-z_0-9]+)", "$1s.$2");
        try (OutputStream out = Files.newOutputStream(file)) {
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyOut(
                  "COPY (SELECT "
                      + select
                      + " FROM spans s CROSS JOIN"
                      + " generate_series(1, "
                      + copies
                      + ") k WHERE "
                      + where
                          .replace("project_id", "s.project_id")
                          .replace("service_name", "s.service_name")
                      + ") TO STDOUT",
                  out);
        }
      }
      long rows = 0;
      double[] seconds = new double[rounds];
      try (Connection c = target.connect()) {
        try (PreparedStatement p =
            c.prepareStatement("SELECT lumina_ensure_span_partition(?::date)")) {
          for (String day : days) {
            p.setString(1, day);
            p.execute();
          }
        }
        for (int r = 0; r < rounds; r++) {
          try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE spans");
            s.execute(
                "CHECKPOINT"); // each round starts from the same state, not behind the last one's
            // writes
          }
          long t0 = System.nanoTime();
          try (InputStream in = Files.newInputStream(file)) {
            rows =
                c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY spans (" + columns + ") FROM STDIN", in);
          }
          seconds[r] = (System.nanoTime() - t0) / 1e9;
        }
      }
      double best = Arrays.stream(seconds).min().orElse(Double.NaN);
      return new Result(rows, Files.size(file), rows / best, seconds);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
