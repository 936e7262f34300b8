package io.lumina.api.replay;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code GET /api/replay/runs/{runId}/diff}: every replayed item side by side, regressions first
 * (failed items, then lowest similarity), then by position.
 */
public record DiffView(
    String runId,
    String setId,
    RunStatus status,
    String scorer,
    RunView.Progress progress,
    List<Item> items) {

  /**
   * One item: the original and the replayed call, the word diff and the deltas (new minus
   * original).
   */
  public record Item(
      int position,
      String traceId,
      String spanId,
      String status,
      boolean regression,
      String error,
      Integer httpStatus,
      int attempts,
      String prompt,
      String originalModel,
      String newModel,
      String originalResponse,
      String newResponse,
      List<DiffOp> diff,
      Double similarity,
      Boolean exactMatch,
      Tokens tokens,
      Cost cost,
      Latency latency) {}

  public record Tokens(
      Long originalPrompt, Long originalCompletion, Long newPrompt, Long newCompletion) {}

  /** {@code newUsd} null: unpriced model; {@code deltaUsd} null when either side is unpriced. */
  public record Cost(
      BigDecimal originalUsd, BigDecimal newUsd, BigDecimal deltaUsd, String pricingSource) {}

  public record Latency(double originalMs, Double newMs, Double deltaMs) {}
}
