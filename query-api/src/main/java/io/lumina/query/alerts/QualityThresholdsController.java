package io.lumina.query.alerts;

import io.lumina.storage.quality.QualityThresholdStore;
import io.lumina.storage.quality.QualityThresholdStore.QualityThreshold;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
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
  private final QualityThresholdStore thresholds;

  QualityThresholdsController(QualityThresholdStore thresholds) {
    this.thresholds = thresholds;
  }

  record Input(String service, Double degradedBelow) {}

  @GetMapping
  Map<String, List<QualityThreshold>> list(HttpServletRequest request) {
    return Map.of("thresholds", thresholds.list(Caller.project(request)));
  }

  @PutMapping
  QualityThreshold put(@RequestBody Input input, HttpServletRequest request) {
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
    QualityThreshold threshold = new QualityThreshold(input.service(), input.degradedBelow());
    thresholds.put(Caller.project(request), threshold);
    return threshold;
  }

  @DeleteMapping
  ResponseEntity<Void> delete(
      @RequestParam(required = false) String service, HttpServletRequest request) {
    if (!thresholds.delete(Caller.project(request), service)) {
      throw AlertApiException.notFound(
          "no quality threshold for " + (service == null ? "the project" : service));
    }
    return ResponseEntity.noContent().build();
  }
}
