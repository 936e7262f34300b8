package io.lumina.storage.replay;

import java.math.BigDecimal;

/**
 * The outcome of replaying one item. {@code status}: ok, error, timeout or rate_limited. For ok
 * items the response, usage, cost, latency and scores are set; for the others {@code error} says
 * why.
 */
public record ItemResult(
    int position,
    String status,
    String model,
    String response,
    Long promptTokens,
    Long completionTokens,
    BigDecimal costUsd,
    String pricingSource,
    Double latencyMs,
    Double similarity,
    Boolean exactMatch,
    int attempts,
    Integer httpStatus,
    String error) {

  public boolean ok() {
    return "ok".equals(status);
  }
}
