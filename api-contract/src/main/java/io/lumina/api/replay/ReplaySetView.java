package io.lumina.api.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A replay set as the API shows it; {@code items} and {@code runs} only on the single-set view. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplaySetView(
    String id,
    String name,
    JsonNode filters,
    int itemCount,
    Instant createdAt,
    List<Item> items,
    List<RunRef> runs) {

  /** One captured call: everything needed to replay it and to compare against it. */
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
      JsonNode messages,
      String systemPrompt,
      Double temperature,
      Long maxTokens,
      String response,
      String status,
      Long promptTokens,
      Long completionTokens,
      BigDecimal costUsd,
      double latencyMs) {}

  /** A run of this set, newest first. */
  public record RunRef(
      String id, String status, String provider, String model, Instant createdAt) {}
}
