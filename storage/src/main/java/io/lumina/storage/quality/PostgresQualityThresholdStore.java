package io.lumina.storage.quality;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link QualityThresholdStore} on {@code quality_thresholds}, where the project-wide threshold is
 * stored under the service name {@code ""}.
 */
public final class PostgresQualityThresholdStore implements QualityThresholdStore {
  private final JdbcTemplate jdbc;

  public PostgresQualityThresholdStore(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  @Override
  public List<QualityThreshold> list(String projectId) {
    return jdbc.query(
        """
        SELECT service_name, degraded_below FROM quality_thresholds WHERE project_id = ? ORDER BY service_name""",
        (rs, i) ->
            new QualityThreshold(
                rs.getString(1).isEmpty() ? null : rs.getString(1), rs.getDouble(2)),
        projectId);
  }

  @Override
  public Map<String, Double> byService(String projectId) {
    Map<String, Double> found = new HashMap<>();
    for (QualityThreshold t : list(projectId)) {
      found.put(column(t.service()), t.degradedBelow());
    }
    return found;
  }

  @Override
  public void put(String projectId, QualityThreshold threshold) {
    jdbc.update(
        """
        INSERT INTO quality_thresholds (project_id, service_name, degraded_below) VALUES (?, ?, ?)
        ON CONFLICT (project_id, service_name) DO UPDATE SET degraded_below = excluded.degraded_below, updated_at = now()""",
        projectId,
        column(threshold.service()),
        threshold.degradedBelow());
  }

  @Override
  public boolean delete(String projectId, String service) {
    return jdbc.update(
            "DELETE FROM quality_thresholds WHERE project_id = ? AND service_name = ?",
            projectId,
            column(service))
        > 0;
  }

  private static String column(String service) {
    return service == null ? "" : service;
  }
}
