package io.lumina.query.analytics;

import io.lumina.api.analytics.Bucket;
import io.lumina.api.analytics.CostReport;
import io.lumina.api.analytics.LatencyGroup;
import io.lumina.api.analytics.LatencyReport;
import io.lumina.api.analytics.ServiceList;
import io.lumina.api.analytics.TokenReport;
import io.lumina.query.search.FilterParser;
import io.lumina.query.search.TimeParam;
import io.lumina.query.web.AggregateCache;
import io.lumina.query.web.BadParameterException;
import io.lumina.query.web.CallerProject;
import io.lumina.query.web.QueryProperties;
import io.lumina.storage.analytics.AnalyticsQuery;
import io.lumina.storage.analytics.AnalyticsReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/analytics/*} and {@code /api/services}: cost, volume and tokens from the hourly
 * rollups (grouping by user reads spans), latency percentiles from the hourly latency sketches.
 * Answers are cached briefly.
 */
@RestController
@Tag(name = "analytics")
class AnalyticsController {
  static final int MAX_BUCKETS = 10_000;

  private final AnalyticsReader analytics;
  private final AggregateCache cache;
  private final QueryProperties properties;
  private final Clock clock;

  AnalyticsController(
      AnalyticsReader analytics, AggregateCache cache, QueryProperties properties, Clock clock) {
    this.analytics = analytics;
    this.cache = cache;
    this.properties = properties;
    this.clock = clock;
  }

  private record CacheKey(String project, String kind, AnalyticsQuery query, boolean flag) {}

  @GetMapping("/api/analytics/cost")
  @Operation(
      summary = "Cost and volume: totals, groups and time series",
      description = "From the hourly rollups; groupBy=user reads spans (bounded range).")
  CostReport cost(
      CallerProject project,
      @Parameter(description = "ISO-8601 or epoch seconds; default: 7 days before to")
          @RequestParam(required = false)
          String from,
      @Parameter(description = "ISO-8601 or epoch seconds, exclusive; default: now")
          @RequestParam(required = false)
          String to,
      @Parameter(description = "model | service | provider | user | day | hour")
          @RequestParam(required = false)
          String groupBy,
      @Parameter(description = "hour | day: adds a time series") @RequestParam(required = false)
          String interval,
      @RequestParam(required = false) String service,
      @RequestParam(required = false) String model,
      @RequestParam(required = false) String provider,
      @Parameter(description = "max groups, 1..1000, default 100") @RequestParam(required = false)
          String limit) {
    AnalyticsQuery q = query(from, to, groupBy, interval, service, model, provider, limit, true);
    return cache.get(
        new CacheKey(project.id(), "cost", q, false), () -> costReport(project.id(), q));
  }

  @GetMapping("/api/analytics/tokens")
  @Operation(summary = "Tokens by kind (prompt, completion, cache read, cache write, reasoning)")
  TokenReport tokens(
      CallerProject project,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @Parameter(description = "model | service | provider | user | day | hour")
          @RequestParam(required = false)
          String groupBy,
      @Parameter(description = "hour | day") @RequestParam(required = false) String interval,
      @RequestParam(required = false) String service,
      @RequestParam(required = false) String model,
      @RequestParam(required = false) String provider,
      @RequestParam(required = false) String limit) {
    AnalyticsQuery q = query(from, to, groupBy, interval, service, model, provider, limit, true);
    CostReport r =
        cache.get(new CacheKey(project.id(), "cost", q, false), () -> costReport(project.id(), q));
    return TokenReport.of(r);
  }

  @GetMapping("/api/analytics/latency")
  @Operation(
      summary =
          "Latency percentiles (p50, p95, p99) by group, from the hourly latency sketches (within"
              + " 1% of exact); groupBy=user reads spans, its range bounded by"
              + " lumina.query.analytics.max-span-range")
  LatencyReport latency(
      CallerProject project,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @Parameter(description = "model | service | provider | user | day | hour; default service")
          @RequestParam(required = false)
          String groupBy,
      @Parameter(description = "hour | day") @RequestParam(required = false) String interval,
      @RequestParam(required = false) String service,
      @RequestParam(required = false) String model,
      @RequestParam(required = false) String provider,
      @Parameter(description = "only LLM calls (default false)") @RequestParam(required = false)
          String llmOnly,
      @RequestParam(required = false) String limit) {
    AnalyticsQuery q =
        query(
            from,
            to,
            groupBy == null ? "service" : groupBy,
            interval,
            service,
            model,
            provider,
            limit,
            true);
    boolean llm = bool("llmOnly", llmOnly);
    List<LatencyGroup> groups =
        cache.get(
            new CacheKey(project.id(), "latency", q, llm),
            () -> analytics.latency(project.id(), q, llm));
    return new LatencyReport(
        q.from(), q.to(), wire(q.groupBy()), q.bucket() == null ? null : q.bucket().unit(), groups);
  }

  @GetMapping("/api/services")
  @Operation(
      summary =
          "Services that sent spans in the range (default: the last 7 days), with volume and cost")
  ServiceList services(
      CallerProject project,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    AnalyticsQuery q = query(from, to, "service", null, null, null, null, "1000", true);
    List<Bucket> groups =
        cache.get(
            new CacheKey(project.id(), "services", q, false),
            () ->
                analytics.aggregate(
                    project.id(), q, AnalyticsQuery.GroupBy.SERVICE, null, q.limit()));
    return new ServiceList(q.from(), q.to(), groups.stream().map(ServiceList.Service::of).toList());
  }

  private CostReport costReport(String projectId, AnalyticsQuery q) {
    Bucket totals = analytics.aggregate(projectId, q, null, null, null).getFirst();
    List<Bucket> groups =
        q.keyGroup() == null
            ? null
            : analytics.aggregate(projectId, q, q.keyGroup(), null, q.limit());
    List<Bucket> series =
        q.bucket() == null
            ? null
            : analytics.aggregate(projectId, q, q.keyGroup(), q.bucket(), null);
    return new CostReport(
        q.from(),
        q.to(),
        wire(q.groupBy()),
        q.bucket() == null ? null : q.bucket().unit(),
        "USD",
        totals,
        groups,
        series);
  }

  /** Validates and aligns the parameters; {@code rollups} false means the query reads raw spans. */
  AnalyticsQuery query(
      String fromParam,
      String toParam,
      String groupByParam,
      String intervalParam,
      String service,
      String model,
      String provider,
      String limitParam,
      boolean rollups) {
    AnalyticsQuery.GroupBy groupBy =
        groupByParam == null
            ? null
            : enumValue(AnalyticsQuery.GroupBy.class, "groupBy", groupByParam);
    AnalyticsQuery.Interval interval =
        intervalParam == null
            ? null
            : enumValue(AnalyticsQuery.Interval.class, "interval", intervalParam);
    Instant to = TimeParam.parse("to", toParam);
    Instant from = TimeParam.parse("from", fromParam);
    to = ceilHour(to == null ? clock.instant() : to);
    from =
        (from == null ? to.minus(properties.analytics().defaultRange()) : from)
            .truncatedTo(ChronoUnit.HOURS);
    if (!from.isBefore(to)) {
      throw new BadParameterException("from", "from must be before to");
    }
    boolean spans = !rollups || groupBy == AnalyticsQuery.GroupBy.USER;
    Duration max = properties.analytics().maxSpanRange();
    if (spans && Duration.between(from, to).compareTo(max) > 0) {
      throw new BadParameterException(
          "from",
          "this query reads raw spans: its range may not exceed "
              + max.toDays()
              + " days (lumina.query.analytics.max-span-range)");
    }
    AnalyticsQuery q =
        new AnalyticsQuery(
            from,
            to,
            groupBy,
            interval,
            textParam("service", service),
            textParam("model", model),
            textParam("provider", provider),
            limitParam == null ? 100 : FilterParser.limit(limitParam));
    if (q.bucket() != null
        && Duration.between(from, to).toSeconds() / q.bucket().seconds() > MAX_BUCKETS) {
      throw new BadParameterException(
          groupBy != null && groupBy.asInterval() != null ? "groupBy" : "interval",
          "more than " + MAX_BUCKETS + " time buckets: use a larger interval or a shorter range");
    }
    return q;
  }

  private static String textParam(String name, String value) {
    if (value != null && (value.isEmpty() || value.length() > 512 || value.indexOf('\0') >= 0)) {
      throw new BadParameterException(name, name + " must be 1 to 512 characters without NUL");
    }
    return value;
  }

  private static boolean bool(String name, String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new BadParameterException(name, name + " must be true or false: " + value);
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed.append(allowed.isEmpty() ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
    }
    throw new BadParameterException(name, name + " must be one of " + allowed + ": " + value);
  }

  private static String wire(Enum<?> e) {
    return e == null ? null : e.name().toLowerCase(Locale.ROOT);
  }

  private static Instant ceilHour(Instant t) {
    Instant floor = t.truncatedTo(ChronoUnit.HOURS);
    return floor.equals(t) ? t : floor.plus(1, ChronoUnit.HOURS);
  }
}
