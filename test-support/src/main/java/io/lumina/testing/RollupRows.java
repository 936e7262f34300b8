package io.lumina.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A project's hourly rollups as stored, and as they should be: recomputed here from its span rows
 * in whole UTC hours, independently of the code that writes them (only {@code call} spans count,
 * docs/conventions.md). Each row is one line of text (hour in UTC, service, model, provider,
 * counts, tokens, cost), so a test compares two lists.
 */
public final class RollupRows {
  private static final String STORED =
      """
      SELECT concat_ws(' | ', to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                       service_name, model, provider, span_count, llm_span_count, error_count,
                       prompt_tokens, completion_tokens, cost_usd::numeric(30, 10), unpriced_count)
      FROM span_rollups_hourly WHERE project_id = ? ORDER BY 1""";

  // a span's usage is counted, and listed under its model and provider, only when it is a call
  private static final String FROM_SPANS =
      """
      SELECT concat_ws(' | ', to_char(utc_hour, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                       service_name, model, provider, count(*),
                       count(*) FILTER (WHERE is_llm AND counted),
                       count(*) FILTER (WHERE status = 'error'),
                       coalesce(sum(prompt_tokens) FILTER (WHERE counted), 0),
                       coalesce(sum(completion_tokens) FILTER (WHERE counted), 0),
                       coalesce(sum(cost_usd) FILTER (WHERE counted), 0)::numeric(30, 10),
                       count(*) FILTER (WHERE unpriced AND counted))
      FROM (SELECT date_trunc('hour', start_time AT TIME ZONE 'UTC') AS utc_hour, service_name,
                   CASE WHEN usage_role = 'call' THEN coalesce(model, '') ELSE '' END AS model,
                   CASE WHEN usage_role = 'call' THEN coalesce(provider, '') ELSE '' END AS provider,
                   usage_role = 'call' AS counted, is_llm, status, prompt_tokens,
                   completion_tokens, cost_usd, unpriced
            FROM spans WHERE project_id = ?) s
      GROUP BY utc_hour, service_name, model, provider
      ORDER BY 1""";

  private RollupRows() {}

  /** The project's rows of {@code span_rollups_hourly}. */
  public static List<String> stored(DataSource dataSource, String projectId) throws SQLException {
    return lines(dataSource, STORED, projectId);
  }

  /** What the project's rollups should hold, given its stored spans. */
  public static List<String> fromSpans(DataSource dataSource, String projectId)
      throws SQLException {
    return lines(dataSource, FROM_SPANS, projectId);
  }

  private static List<String> lines(DataSource dataSource, String sql, String projectId)
      throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lines.add(rs.getString(1));
        }
      }
    }
    return lines;
  }
}
