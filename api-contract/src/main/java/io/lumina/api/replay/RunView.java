package io.lumina.api.replay;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/replay/runs/{runId}}: the run's settings, progress and summary. */
public record RunView(
    String id,
    String setId,
    RunStatus status,
    String provider,
    String model,
    String systemPrompt,
    String promptTemplate,
    Double temperature,
    Long maxTokens,
    String scorer,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    int resumedCount,
    String error,
    Progress progress,
    Summary summary) {

  /** done = items with a result (ok or failed); pending = not called yet (or cancelled before). */
  public record Progress(int done, int total, int ok, int failed, int pending, double percent) {}

  /**
   * Over the items replayed so far. {@code changedCount}: ok items whose response is not an exact
   * match. Cost figures only over items priced on both sides; latency over ok items.
   */
  public record Summary(
      Double meanSimilarity,
      Double exactMatchRate,
      int changedCount,
      int failedCount,
      int regressionCount,
      double regressionThreshold,
      CostChange cost,
      LatencyChange latency,
      List<Regression> regressions) {}

  /** Cost change over the {@code pricedItems} priced both originally and in the replay. */
  public record CostChange(
      int pricedItems,
      int unpricedItems,
      BigDecimal originalTotalUsd,
      BigDecimal newTotalUsd,
      BigDecimal totalChangeUsd,
      Double totalChangePercent,
      BigDecimal meanChangeUsd) {}

  /** Latency change over the ok items. */
  public record LatencyChange(
      int items,
      Double originalMeanMs,
      Double newMeanMs,
      Double meanChangeMs,
      Double meanChangePercent,
      Double originalTotalMs,
      Double newTotalMs) {}

  /** An item that failed or scored below the threshold; failures first, then lowest similarity. */
  public record Regression(
      int position,
      String traceId,
      String spanId,
      String status,
      Double similarity,
      Boolean exactMatch,
      String error) {}
}
