package io.lumina.bench.drills;

import io.lumina.bench.e2e.TrafficGenerator;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * What a drill left in PostgreSQL, compared with what clients were told: every acknowledged span
 * stored exactly once, trace summaries and hourly rollups counting each stored span once (a
 * redelivered batch merged twice would count it twice), and no invalid span stored.
 *
 * @param stored span rows of the drill's services
 * @param missing acknowledged spans not stored
 * @param duplicates rows beyond the first for the same (trace, span)
 * @param unacknowledgedStored spans stored though the client never got a 200 (allowed:
 *     at-least-once, e.g. a publish that succeeded after the client timed out)
 * @param summarySpans sum of {@code traces.span_count} over the drill's traces
 * @param rollupSpans sum of {@code span_rollups_hourly.span_count} over the drill's services
 * @param invalidStored spans of {@link BadInputCorpus#INVALID_SERVICE} stored (must be 0)
 */
record DrillCheck(
    long stored,
    long missing,
    long duplicates,
    long unacknowledgedStored,
    long summarySpans,
    long rollupSpans,
    long invalidStored) {

  boolean consistent() {
    return missing == 0
        && duplicates == 0
        && summarySpans == stored
        && rollupSpans == stored
        && invalidStored == 0;
  }

  static DrillCheck read(String jdbcUrl, String prefix, Set<String> acked) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
      String[] names = new String[TrafficGenerator.servicesCount()];
      for (int i = 0; i < names.length; i++) {
        names[i] = prefix + "-" + TrafficGenerator.service(i);
      }
      Array services = c.createArrayOf("text", names);
      Set<String> seen = new HashSet<>();
      long rows = 0;
      long duplicates = 0;
      try (PreparedStatement p =
          c.prepareStatement(
              """
          SELECT trace_id || ':' || span_id, count(*) FROM spans
          WHERE project_id = 'default' AND service_name = ANY(?) GROUP BY 1""")) {
        p.setArray(1, services);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            seen.add(rs.getString(1));
            rows += rs.getLong(2);
            duplicates += rs.getLong(2) - 1;
          }
        }
      }
      long missing = acked.stream().filter(k -> !seen.contains(k)).count();
      long extra = seen.stream().filter(k -> !acked.contains(k)).count();
      long summary =
          sum(
              c,
              "SELECT coalesce(sum(span_count), 0) FROM traces "
                  + "WHERE project_id = 'default' AND service_name = ANY(?)",
              services);
      long rollup =
          sum(
              c,
              "SELECT coalesce(sum(span_count), 0) FROM span_rollups_hourly "
                  + "WHERE project_id = 'default' AND service_name = ANY(?)",
              services);
      long invalid =
          sum(
              c,
              "SELECT count(*) FROM spans WHERE service_name = ANY(?)",
              c.createArrayOf("text", new String[] {BadInputCorpus.INVALID_SERVICE}));
      return new DrillCheck(rows, missing, duplicates, extra, summary, rollup, invalid);
    }
  }

  private static long sum(Connection c, String sql, Array services) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setArray(1, services);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
