package io.lumina.query.alerts;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** alert_rules, always within the caller's project. */
@Repository
class RuleRepository {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String COLUMNS =
      "id, service_name, endpoint, kind, threshold, window_seconds, min_samples, enabled, created_at, updated_at";

  private final JdbcTemplate jdbc;

  RuleRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  List<AlertRule> list(String project, String service) {
    return service == null
        ? jdbc.query(
            "SELECT "
                + COLUMNS
                + " FROM alert_rules WHERE project_id = ? ORDER BY service_name, kind, id",
            RuleRepository::row,
            project)
        : jdbc.query(
            "SELECT "
                + COLUMNS
                + " FROM alert_rules WHERE project_id = ? AND service_name = ? ORDER BY kind, id",
            RuleRepository::row,
            project,
            service);
  }

  Optional<AlertRule> find(String project, String id) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM alert_rules WHERE project_id = ? AND id = ?",
            RuleRepository::row,
            project,
            id)
        .stream()
        .findFirst();
  }

  AlertRule create(String project, AlertRule.Valid r) {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    String id = "rule_" + HexFormat.of().formatHex(bytes);
    try {
      jdbc.update(
          """
          INSERT INTO alert_rules (id, project_id, service_name, endpoint, kind, threshold, window_seconds,
                                   min_samples, enabled)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
          id,
          project,
          r.service(),
          r.endpoint(),
          r.kind(),
          r.threshold(),
          r.windowSeconds(),
          r.minSamples(),
          r.enabled());
    } catch (DuplicateKeyException e) {
      throw duplicate(r);
    }
    return find(project, id).orElseThrow();
  }

  Optional<AlertRule> update(String project, String id, AlertRule.Valid r) {
    try {
      int n =
          jdbc.update(
              """
          UPDATE alert_rules SET service_name = ?, endpoint = ?, kind = ?, threshold = ?, window_seconds = ?,
                 min_samples = ?, enabled = ?, updated_at = now()
          WHERE project_id = ? AND id = ?""",
              r.service(),
              r.endpoint(),
              r.kind(),
              r.threshold(),
              r.windowSeconds(),
              r.minSamples(),
              r.enabled(),
              project,
              id);
      return n == 0 ? Optional.empty() : find(project, id);
    } catch (DuplicateKeyException e) {
      throw duplicate(r);
    }
  }

  /**
   * Creates the rule of this service and kind (whole service), or updates its threshold and window.
   */
  AlertRule upsert(
      String project, String service, String kind, double threshold, int windowSeconds) {
    Optional<String> existing =
        jdbc
            .query(
                """
        SELECT id FROM alert_rules WHERE project_id = ? AND service_name = ? AND kind = ? AND endpoint IS NULL""",
                (rs, i) -> rs.getString(1),
                project,
                service,
                kind)
            .stream()
            .findFirst();
    if (existing.isPresent()) {
      jdbc.update(
          """
          UPDATE alert_rules SET threshold = ?, window_seconds = ?, enabled = true, updated_at = now()
          WHERE project_id = ? AND id = ?""",
          threshold,
          windowSeconds,
          project,
          existing.get());
      return find(project, existing.get()).orElseThrow();
    }
    return create(
        project, new AlertRule.Valid(service, null, kind, threshold, windowSeconds, null, true));
  }

  boolean delete(String project, String id) {
    return jdbc.update("DELETE FROM alert_rules WHERE project_id = ? AND id = ?", project, id) == 1;
  }

  private static AlertApiException duplicate(AlertRule.Valid r) {
    return AlertApiException.conflict(
        "service "
            + r.service()
            + " already has a "
            + r.kind()
            + " rule"
            + (r.endpoint() == null ? "" : " for endpoint " + r.endpoint())
            + "; update that one instead");
  }

  private static AlertRule row(ResultSet rs, int i) throws SQLException {
    return new AlertRule(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getDouble(5),
        Windows.format(rs.getInt(6)),
        (Integer) rs.getObject(7),
        rs.getBoolean(8),
        rs.getTimestamp(9).toInstant(),
        rs.getTimestamp(10).toInstant());
  }
}
