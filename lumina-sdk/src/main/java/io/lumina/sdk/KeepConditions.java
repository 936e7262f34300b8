package io.lumina.sdk;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.math.BigDecimal;
import java.util.Set;

/** {@link AlwaysSample} applied to one finished span. */
final class KeepConditions {

  private final boolean errors;
  private final BigDecimal costAbove;
  private final Set<String> userIds;
  private final CostEstimator costs;

  KeepConditions(AlwaysSample conditions, CostEstimator costs) {
    this.errors = conditions.errors();
    this.costAbove =
        conditions.costUsdAbove() == null ? null : BigDecimal.valueOf(conditions.costUsdAbove());
    this.userIds = conditions.userIds();
    this.costs = costs;
  }

  boolean matches(SpanData span) {
    if (errors && span.getStatus().getStatusCode() == StatusCode.ERROR) {
      return true;
    }
    if (!userIds.isEmpty()) {
      String user = span.getAttributes().get(SpanAttributes.USER_ID);
      if (user != null && userIds.contains(user)) { // Set.of refuses to look up null
        return true;
      }
    }
    if (costAbove != null) {
      BigDecimal cost = costs.costUsd(span.getAttributes());
      return cost != null && cost.compareTo(costAbove) > 0;
    }
    return false;
  }
}
