package io.lumina.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.util.List;

/** {@code GET /api/services}: services that sent spans in the range, with volume and cost. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceList(List<Service> services) {

  public ServiceList {
    services = services == null ? List.of() : List.copyOf(services);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Service(
      String name,
      long spanCount,
      long llmSpanCount,
      long errorCount,
      BigDecimal costUsd,
      long unpricedCount,
      Double avgLatencyMs) {}
}
