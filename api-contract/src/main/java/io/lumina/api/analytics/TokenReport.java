package io.lumina.api.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/analytics/tokens}: the cost report's buckets as tokens by kind. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenReport(
    Instant from,
    Instant to,
    String groupBy,
    String interval,
    Tokens totals,
    List<Tokens> groups,
    List<Tokens> series) {

  /** The tokens of one bucket; {@code total} is prompt plus completion. */
  public record Tokens(
      String key,
      Instant time,
      long prompt,
      long completion,
      long cacheRead,
      long cacheWrite,
      long reasoning,
      long total) {

    public static Tokens of(Bucket b) {
      return new Tokens(
          b.key(),
          b.time(),
          b.promptTokens(),
          b.completionTokens(),
          b.cacheReadTokens(),
          b.cacheWriteTokens(),
          b.reasoningTokens(),
          b.promptTokens() + b.completionTokens());
    }
  }

  /** The same figures as the cost report, by tokens. */
  public static TokenReport of(CostReport r) {
    return new TokenReport(
        r.from(),
        r.to(),
        r.groupBy(),
        r.interval(),
        Tokens.of(r.totals()),
        r.groups() == null ? null : r.groups().stream().map(Tokens::of).toList(),
        r.series() == null ? null : r.series().stream().map(Tokens::of).toList());
  }
}
