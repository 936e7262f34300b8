package io.lumina.worker.sampling;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.SpanStatus;
import java.math.BigDecimal;
import java.util.Set;

/**
 * Spans kept whatever the sampling rate says, written as {@code {"error": true, "costUsd": {"$gt":
 * 0.5}, "userId": {"$in": ["vip"]}}}. Any one condition that holds keeps the span.
 *
 * @param error keep spans whose status is error
 * @param costUsdAbove keep spans that cost strictly more than this (null: no cost condition)
 * @param userIds keep spans of these users (empty: no user condition)
 */
public record AlwaysSampleConditions(boolean error, BigDecimal costUsdAbove, Set<String> userIds) {

  public static final AlwaysSampleConditions NONE =
      new AlwaysSampleConditions(false, null, Set.of());

  public AlwaysSampleConditions {
    userIds = userIds == null ? Set.of() : Set.copyOf(userIds);
    if (costUsdAbove != null && costUsdAbove.signum() < 0) {
      throw new IllegalArgumentException("costUsd $gt must not be negative: " + costUsdAbove);
    }
  }

  public boolean matches(NormalizedSpan span, Cost cost) {
    if (error && span.status() == SpanStatus.ERROR) {
      return true;
    }
    if (costUsdAbove != null
        && cost != null
        && cost.usd() != null
        && cost.usd().compareTo(costUsdAbove) > 0) {
      return true;
    }
    return span.userId() != null && userIds.contains(span.userId());
  }
}
