package io.lumina.api.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/analytics/cost}: cost and volume of a range.
 *
 * @param from effective start (rounded down to the hour)
 * @param to effective end, exclusive (rounded up to the hour)
 * @param groups one bucket per group (model, service, provider or user), highest cost first; absent
 *     without a key grouping
 * @param series one bucket per time bucket (and group), oldest first; absent without interval
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CostReport(
    Instant from,
    Instant to,
    String groupBy,
    String interval,
    String currency,
    Bucket totals,
    List<Bucket> groups,
    List<Bucket> series) {}
