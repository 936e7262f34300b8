package io.lumina.query.alerts;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/quality-thresholds}: the similarity below which the worker marks a span (and its
 * trace) degraded, per service or for the whole project (no service). Without one the worker's
 * default ({@code lumina.quality.degraded-below}, 0.5) applies.
 */
@RestController
@RequestMapping("/api/quality-thresholds")
class QualityThresholdsController {
  private final JdbcTemplate jdbc;

  QualityThresholdsController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  record Threshold(String service, double degradedBelow) {}

  record Input(String service, Double degradedBelow) {}

  @GetMapping
  Map<String, List<Threshold>> list(HttpServletRequest request) {
    return Map.of(
        "thresholds",
        jdbc.query(
            """
        SELECT service_name, degraded_below FROM quality_thresholds WHERE project_id = ? ORDER BY service_name""",
            (rs, i) ->
                new Threshold(rs.getString(1).isEmpty() ? null : rs.getString(1), rs.getDouble(2)),
            Caller.project(request)));
  }

  @PutMapping
  Threshold put(@RequestBody Input input, HttpServletRequest request) {
    if (input.degradedBelow() == null
        || input.degradedBelow().isNaN()
        || input.degradedBelow() < 0
        || input.degradedBelow() > 1) {
      throw AlertApiException.badField(
          "degradedBelow", "degradedBelow must be a similarity between 0 and 1");
    }
    if (input.service() != null && (input.service().isBlank() || input.service().length() > 200)) {
      throw AlertApiException.badField(
          "service", "service must be 1 to 200 characters, or omitted for the project");
    }
    jdbc.update(
        """
        INSERT INTO quality_thresholds (project_id, service_name, degraded_below) VALUES (?, ?, ?)
        ON CONFLICT (project_id, service_name) DO UPDATE SET degraded_below = excluded.degraded_below, updated_at = now()""",
        Caller.project(request),
        input.service() == null ? "" : input.service(),
        input.degradedBelow());
    return new Threshold(input.service(), input.degradedBelow());
  }

  @DeleteMapping
  ResponseEntity<Void> delete(
      @RequestParam(required = false) String service, HttpServletRequest request) {
    int n =
        jdbc.update(
            "DELETE FROM quality_thresholds WHERE project_id = ? AND service_name = ?",
            Caller.project(request),
            service == null ? "" : service);
    if (n == 0) {
      throw AlertApiException.notFound(
          "no quality threshold for " + (service == null ? "the project" : service));
    }
    return ResponseEntity.noContent().build();
  }
}
