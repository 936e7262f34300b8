package io.lumina.query.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the query API ({@code lumina.query.*}; every leaf can be set by environment variable,
 * e.g. {@code LUMINA_QUERY_CORS_ALLOWED_ORIGINS}). See query-api/README.md.
 *
 * @param cors origins allowed to call {@code /api/**} from a browser (the dashboard's origin)
 * @param cache the short cache of aggregate queries
 * @param analytics bounds of the analytics queries that must read raw spans
 * @param export streaming export settings
 * @param reprice re-pricing job settings
 * @param traceDetail bounds of one trace's detail
 */
@Validated
@ConfigurationProperties("lumina.query")
public record QueryProperties(
    @Valid @NotNull @DefaultValue Cors cors,
    @Valid @NotNull @DefaultValue Cache cache,
    @Valid @NotNull @DefaultValue Analytics analytics,
    @Valid @NotNull @DefaultValue Export export,
    @Valid @NotNull @DefaultValue Reprice reprice,
    @Valid @NotNull @DefaultValue TraceDetail traceDetail) {

  /**
   * @param pageSize spans per page of {@code GET /api/traces/{traceId}}
   * @param bodyLimit characters of prompt, response and system prompt shown per span in a page; the
   *     whole span is one request away ({@code /api/traces/{traceId}/spans/{spanId}})
   */
  public record TraceDetail(
      @Min(1) @Max(10_000) @DefaultValue("500") int pageSize,
      @Min(1) @Max(1_000_000) @DefaultValue("4000") int bodyLimit) {}

  /**
   * @param allowedOrigins exact origins; empty disables CORS (same-origin and server-side callers
   *     only)
   */
  public record Cors(
      @NotNull @DefaultValue({"http://localhost:3000", "http://127.0.0.1:3000"})
          List<String> allowedOrigins) {}

  /**
   * @param ttl how long an aggregate answer may be reused (analytics, services, models)
   * @param maxEntries bound on cached answers
   */
  public record Cache(
      @NotNull @DefaultValue("10s") Duration ttl,
      @Min(0) @Max(1_000_000) @DefaultValue("2000") int maxEntries) {}

  /**
   * @param maxSpanRange the longest range an analytics query reading raw spans (grouping by user)
   *     may cover; queries on rollups and latency sketches may cover any range
   * @param defaultRange the range used when a request gives no {@code from}
   */
  public record Analytics(
      @NotNull @DefaultValue("31d") Duration maxSpanRange,
      @NotNull @DefaultValue("7d") Duration defaultRange) {}

  /**
   * @param fetchSize rows fetched per round trip while streaming; bounds the memory of an export
   */
  public record Export(@Min(1) @Max(100_000) @DefaultValue("500") int fetchSize) {}

  /**
   * @param chunk the span time range re-priced per transaction
   * @param maxRange the longest range one request may re-price
   * @param lease how long an instance holds a re-pricing job without finishing a chunk before
   *     another instance may resume it; longer than the slowest chunk
   * @param pollInterval how often an instance looks for re-pricing jobs to run (a request on this
   *     instance starts its job at once)
   */
  public record Reprice(
      @NotNull @DefaultValue("1h") Duration chunk,
      @NotNull @DefaultValue("400d") Duration maxRange,
      @NotNull @DefaultValue("2m") Duration lease,
      @NotNull @DefaultValue("5s") Duration pollInterval) {
    public Reprice {
      if (lease != null && (lease.isNegative() || lease.compareTo(Duration.ofSeconds(1)) < 0)) {
        throw new IllegalArgumentException(
            "lumina.query.reprice.lease must be at least 1s: " + lease);
      }
      if (pollInterval != null
          && (pollInterval.isNegative() || pollInterval.compareTo(Duration.ofMillis(100)) < 0)) {
        throw new IllegalArgumentException(
            "lumina.query.reprice.poll-interval must be at least 100ms: " + pollInterval);
      }
      // each chunk recomputes whole rollup hours
      if (chunk != null
          && (chunk.isNegative()
              || chunk.isZero()
              || chunk.toSeconds() % 3600 != 0
              || chunk.toNanosPart() != 0)) {
        throw new IllegalArgumentException(
            "lumina.query.reprice.chunk must be a whole number of hours: " + chunk);
      }
    }
  }
}
