package io.lumina.storage.replay;

import java.time.Instant;
import java.util.List;

/**
 * Which production LLM calls a new replay set copies: every condition that is not null (or empty)
 * must hold. Only calls with something to replay (a prompt or input messages) ever qualify.
 *
 * @param from inclusive start time, or null
 * @param to exclusive end time, or null
 * @param traceIds lower-case hex trace ids, empty for any
 * @param limit how many calls at most, sampled evenly over the match
 */
public record SpanSelection(
    String service,
    String model,
    String provider,
    String status,
    Instant from,
    Instant to,
    List<String> traceIds,
    int limit) {

  public SpanSelection {
    traceIds = traceIds == null ? List.of() : List.copyOf(traceIds);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
  }
}
