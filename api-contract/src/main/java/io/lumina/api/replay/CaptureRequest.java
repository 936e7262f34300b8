package io.lumina.api.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code POST /api/replay/sets} (and its alias {@code POST /replay/capture}): which production LLM
 * calls to copy into a new replay set. All filters are optional; docs/replay.md gives the defaults
 * and limits. Fields left null are left out when a client sends it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaptureRequest(String name, Filters filters, List<String> traceIds) {

  /**
   * @param timeRange how far back from now: {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w} or an
   *     ISO-8601 duration ({@code PT6H}); not together with {@code from}
   * @param from inclusive start, ISO-8601 ({@code 2026-11-27T10:00:00Z}, {@code 2026-11-27}) or
   *     epoch seconds
   * @param to exclusive end, same forms; default now
   * @param sampleSize how many calls at most (default 100): a deterministic spread over the match
   * @param status {@code ok}, {@code error} or {@code degraded}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Filters(
      String service,
      String model,
      String provider,
      String timeRange,
      String from,
      String to,
      Integer sampleSize,
      String status) {}
}
