package io.lumina.dashboard.view;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chart as lumina.js draws it, passed as JSON in a {@code data-chart} attribute
 * (attribute-escaped by Thymeleaf; the CSP allows no inline script). {@code kind}: line, bar or
 * stacked; {@code unit}: usd, ms, count or pct.
 */
public record ChartSpec(String kind, String unit, List<String> x, List<Series> series) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public record Series(String name, List<Double> data) {}

  public String json() {
    return JSON.writeValueAsString(this);
  }

  public boolean isEmpty() {
    return x.isEmpty() || series.isEmpty();
  }
}
