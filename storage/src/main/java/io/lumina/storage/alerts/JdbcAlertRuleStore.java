package io.lumina.storage.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.AlertRule;
import io.lumina.api.alerts.AlertWindow;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link AlertRuleStore} on {@code alert_rules}. */
final class JdbcAlertRuleStore implements AlertRuleStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcAlertRuleStore.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String COLUMNS =
      "id, service_name, endpoint, kind, threshold, window_seconds, min_samples, enabled, created_at, updated_at";

  private final JdbcTemplate jdbc;

  JdbcAlertRuleStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<AlertRule> list(String project, String service) {
    return service == null
        ? jdbc.query(
            "SELECT "
                + COLUMNS
                + " FROM alert_rules WHERE project_id = ? ORDER BY service_name, kind, id",
            JdbcAlertRuleStore::row,
            project)
        : jdbc.query(
            "SELECT "
                + COLUMNS
                + " FROM alert_rules WHERE project_id = ? AND service_name = ? ORDER BY kind, id",
            JdbcAlertRuleStore::row,
            project,
            service);
  }

  @Override
  public Optional<AlertRule> find(String project, String id) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM alert_rules WHERE project_id = ? AND id = ?",
            JdbcAlertRuleStore::row,
            project,
            id)
        .stream()
        .findFirst();
  }

  @Override
  public AlertRule create(String project, RuleDefinition r) {
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
          r.kind().wire(),
          r.threshold(),
          r.windowSeconds(),
          r.minSamples(),
          r.enabled());
    } catch (DuplicateKeyException e) {
      throw new DuplicateRuleException(e);
    }
    return find(project, id).orElseThrow();
  }

  @Override
  public Optional<AlertRule> update(String project, String id, RuleDefinition r) {
    try {
      int n =
          jdbc.update(
              """
          UPDATE alert_rules SET service_name = ?, endpoint = ?, kind = ?, threshold = ?, window_seconds = ?,
                 min_samples = ?, enabled = ?, updated_at = now()
          WHERE project_id = ? AND id = ?""",
              r.service(),
              r.endpoint(),
              r.kind().wire(),
              r.threshold(),
              r.windowSeconds(),
              r.minSamples(),
              r.enabled(),
              project,
              id);
      return n == 0 ? Optional.empty() : find(project, id);
    } catch (DuplicateKeyException e) {
      throw new DuplicateRuleException(e);
    }
  }

  @Override
  public AlertRule upsert(
      String project, String service, AlertKind kind, double threshold, int windowSeconds) {
    Optional<String> existing =
        jdbc
            .query(
                """
        SELECT id FROM alert_rules WHERE project_id = ? AND service_name = ? AND kind = ? AND endpoint IS NULL""",
                (rs, i) -> rs.getString(1),
                project,
                service,
                kind.wire())
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
        project, new RuleDefinition(service, null, kind, threshold, windowSeconds, null, true));
  }

  @Override
  public boolean delete(String project, String id) {
    return jdbc.update("DELETE FROM alert_rules WHERE project_id = ? AND id = ?", project, id) == 1;
  }

  @Override
  public List<ActiveRule> enabledRules() {
    return jdbc
        .query(
            """
        SELECT id, project_id, service_name, endpoint, kind, threshold, window_seconds, min_samples, updated_at
        FROM alert_rules WHERE enabled ORDER BY id""",
            (rs, i) -> {
              Optional<AlertKind> kind = AlertKind.fromWire(rs.getString(5));
              if (kind.isEmpty()) {
                log.warn(
                    "alert rule {} has a kind this version does not know: {}",
                    rs.getString(1),
                    rs.getString(5));
                return null;
              }
              return new ActiveRule(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  kind.get(),
                  rs.getDouble(6),
                  Duration.ofSeconds(rs.getInt(7)),
                  (Integer) rs.getObject(8),
                  rs.getTimestamp(9).toInstant());
            })
        .stream()
        .filter(Objects::nonNull)
        .toList();
  }

  private static AlertRule row(ResultSet rs, int i) throws SQLException {
    return new AlertRule(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        AlertKind.of(rs.getString(4)),
        rs.getDouble(5),
        AlertWindow.format(rs.getInt(6)),
        (Integer) rs.getObject(7),
        rs.getBoolean(8),
        rs.getTimestamp(9).toInstant(),
        rs.getTimestamp(10).toInstant());
  }
}
