package io.lumina.storage.analytics;

import io.lumina.api.analytics.Bucket;
import io.lumina.api.analytics.LatencyGroup;
import java.time.Instant;
import java.util.List;

/**
 * Aggregates over the hourly rollups, or over raw spans where the rollups cannot answer (grouping
 * by user, latency percentiles). Always within one project.
 */
public interface AnalyticsReader {

  /**
   * Measures grouped by {@code key} (null: no key) and {@code bucket} (null: no time bucket),
   * ordered by time, then cost (highest first). Without key and bucket: one row, the totals.
   */
  List<Bucket> aggregate(
      String projectId,
      AnalyticsQuery query,
      AnalyticsQuery.GroupBy key,
      AnalyticsQuery.Interval bucket,
      Integer limit);

  /** Latency percentiles by group over raw spans (percentiles cannot be rolled up). */
  List<LatencyGroup> latency(String projectId, AnalyticsQuery query, boolean llmOnly);

  /** The models that LLM calls of [from, to) named, by rollups, highest cost first. */
  List<ModelUsage> modelUsage(String projectId, Instant from, Instant to);
}
