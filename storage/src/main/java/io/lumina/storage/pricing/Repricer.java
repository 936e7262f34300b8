package io.lumina.storage.pricing;

import io.lumina.pricing.PriceCatalog;
import java.time.Duration;
import java.time.Instant;

/**
 * Re-prices stored spans with the current catalog and the project's overrides, then repairs what
 * was derived from their costs: the trace summaries and the hourly rollups.
 */
public interface Repricer {

  /**
   * Re-prices one project's spans that started in {@code [from, to)}, which must be whole UTC
   * hours, in chunks of {@code chunk}, one transaction each.
   */
  Result reprice(String projectId, Instant from, Instant to, PriceCatalog catalog, Duration chunk);

  /** What a re-pricing run did. */
  record Result(
      Instant from,
      Instant to,
      String catalogVersion,
      long spansExamined,
      long spansRepriced,
      long tracesUpdated,
      long chunksRecomputed) {}
}
