package io.lumina.dashboard.traces;

import io.lumina.api.traces.SearchParams;
import io.lumina.dashboard.view.TimeRange;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The trace list's filters as the form sends them. Values pass to the query API unchanged as its
 * {@link SearchParams} (it validates them and its 400 message is shown next to the form); {@code
 * range} becomes {@code from}, {@code live} stays here.
 */
public record TraceFilter(
    String service,
    String model,
    String provider,
    String status,
    String userId,
    String sessionId,
    String name,
    String minCost,
    String maxCost,
    String minLatencyMs,
    String maxLatencyMs,
    String range,
    String q,
    String sort,
    String cursor,
    String live) {

  static final int PAGE_SIZE = 50;

  TimeRange timeRange() {
    return range == null || range.isBlank() || "all".equals(range)
        ? null
        : TimeRange.parse(range, null);
  }

  /**
   * Live refresh is on unless paused, and only on the first page: polling must not move a reader's
   * page.
   */
  public boolean isLive() {
    return !"false".equals(live) && (cursor == null || cursor.isBlank());
  }

  public boolean hasFilters() {
    return notBlank(service)
        || notBlank(model)
        || notBlank(provider)
        || notBlank(status)
        || notBlank(userId)
        || notBlank(sessionId)
        || notBlank(name)
        || notBlank(minCost)
        || notBlank(maxCost)
        || notBlank(minLatencyMs)
        || notBlank(maxLatencyMs)
        || notBlank(q)
        || timeRange() != null;
  }

  /** The query API parameters: the API's own parameter record, so the names are its names. */
  Map<String, String> apiParams(Clock clock) {
    TimeRange r = timeRange();
    return new SearchParams(
            service,
            model,
            provider,
            status,
            userId,
            sessionId,
            name,
            minCost,
            maxCost,
            minLatencyMs,
            maxLatencyMs,
            r == null ? null : Long.toString(r.from(clock).getEpochSecond()),
            null,
            null,
            q,
            sort,
            null,
            cursor,
            Integer.toString(PAGE_SIZE))
        .queryParameters();
  }

  /**
   * The filters as a query string for links (rows fragment, next page, pause), without the cursor.
   */
  String query(boolean liveOn) {
    UriComponentsBuilder b = UriComponentsBuilder.newInstance();
    formParams()
        .forEach(
            (k, v) -> {
              if (notBlank(v) && !"live".equals(k)) {
                b.queryParam(k, v);
              }
            });
    b.queryParam("live", liveOn);
    String s = b.encode().build().getQuery();
    return s == null ? "" : s;
  }

  String queryWithCursor(String nextCursor) {
    return UriComponentsBuilder.newInstance()
        .query(query(false))
        .queryParam("cursor", nextCursor)
        .encode()
        .build()
        .getQuery();
  }

  private Map<String, String> formParams() {
    Map<String, String> p = new LinkedHashMap<>();
    put(p, "service", service);
    put(p, "model", model);
    put(p, "provider", provider);
    put(p, "status", status);
    put(p, "userId", userId);
    put(p, "sessionId", sessionId);
    put(p, "name", name);
    put(p, "minCost", minCost);
    put(p, "maxCost", maxCost);
    put(p, "minLatencyMs", minLatencyMs);
    put(p, "maxLatencyMs", maxLatencyMs);
    put(p, "range", range);
    put(p, "q", q);
    put(p, "sort", sort);
    return p;
  }

  private static void put(Map<String, String> p, String k, String v) {
    if (notBlank(v)) {
      p.put(k, v.strip());
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
