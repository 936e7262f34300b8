package io.lumina.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A replay set; {@code items} and {@code runs} only on the single-set answer. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplaySet(
    String id,
    String name,
    JsonNode filters,
    int itemCount,
    Instant createdAt,
    List<Item> items,
    List<RunRef> runs) {

  public ReplaySet {
    items = items == null ? List.of() : List.copyOf(items);
    runs = runs == null ? List.of() : List.copyOf(runs);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Item(
      int position,
      String traceId,
      String spanId,
      String service,
      String spanName,
      Instant startTime,
      String model,
      String provider,
      String prompt,
      String response,
      String status,
      Long promptTokens,
      Long completionTokens,
      BigDecimal costUsd,
      double latencyMs) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RunRef(
      String id, String status, String provider, String model, Instant createdAt) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SetList(List<ReplaySet> sets) {
    public SetList {
      sets = sets == null ? List.of() : List.copyOf(sets);
    }
  }
}
