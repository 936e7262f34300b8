package io.lumina.query.traces;

import io.lumina.api.traces.SearchParams;
import io.lumina.api.traces.SpanPage;
import io.lumina.api.traces.SpanRow;
import io.lumina.api.traces.SpanView;
import io.lumina.api.traces.TopTraces;
import io.lumina.api.traces.TraceDetail;
import io.lumina.api.traces.TracePage;
import io.lumina.api.traces.TraceSummary;
import io.lumina.model.Ids;
import io.lumina.query.search.FilterParser;
import io.lumina.query.search.TimeParam;
import io.lumina.query.web.AggregateCache;
import io.lumina.query.web.BadParameterException;
import io.lumina.query.web.CallerProject;
import io.lumina.query.web.NotFoundException;
import io.lumina.query.web.QueryProperties;
import io.lumina.storage.traces.Page;
import io.lumina.storage.traces.SearchQuery;
import io.lumina.storage.traces.SpanReader;
import io.lumina.storage.traces.TraceReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/traces} and {@code /api/spans}: filtered, sorted, cursor-paginated lists and one
 * trace.
 */
@RestController
@Tag(name = "traces")
class TraceController {
  private final TraceReader traces;
  private final SpanReader spans;

  private final AggregateCache cache;
  private final QueryProperties properties;
  private final Clock clock;

  TraceController(
      TraceReader traces,
      SpanReader spans,
      AggregateCache cache,
      QueryProperties properties,
      Clock clock) {
    this.traces = traces;
    this.spans = spans;
    this.cache = cache;
    this.properties = properties;
    this.clock = clock;
  }

  @GetMapping("/api/traces")
  @Operation(
      summary = "Trace list",
      description =
          "Filters also accept attr.<key>=<value> (span or"
              + " resource attribute of any span of the trace). Service, name, status, cost and latency filter"
              + " the trace summary (root service and name, worst status, total cost, duration).")
  TracePage list(
      CallerProject project,
      @ParameterObject SearchParams params,
      @Parameter(hidden = true) HttpServletRequest request) {
    SearchQuery query = FilterParser.parse(params, request.getParameterMap(), false);
    Page<TraceSummary> page = traces.list(project.id(), query);
    return new TracePage(page.rows(), page.nextCursor(), query.limit());
  }

  @GetMapping("/api/spans")
  @Operation(
      summary = "Span list",
      description = "The same filters as the trace list, at span level.")
  SpanPage spans(
      CallerProject project,
      @ParameterObject SearchParams params,
      @Parameter(hidden = true) HttpServletRequest request) {
    SearchQuery query = FilterParser.parse(params, request.getParameterMap(), true);
    Page<SpanRow> page = spans.list(project.id(), query);
    return new SpanPage(page.rows(), page.nextCursor(), query.limit());
  }

  @GetMapping("/api/analytics/top-traces")
  @Operation(summary = "The most expensive traces of a range (default: the last 7 days)")
  TopTraces topTraces(
      CallerProject project,
      @Parameter(description = "ISO-8601 or epoch seconds") @RequestParam(required = false)
          String from,
      @Parameter(description = "ISO-8601 or epoch seconds, exclusive; default now")
          @RequestParam(required = false)
          String to,
      @Parameter(description = "1..100, default 10") @RequestParam(required = false) String limit) {
    Instant end = TimeParam.parse("to", to);
    end = end == null ? clock.instant() : end;
    Instant start = TimeParam.parse("from", from);
    start = start == null ? end.minus(properties.analytics().defaultRange()) : start;
    if (!start.isBefore(end)) {
      throw new BadParameterException("from", "from must be before to");
    }
    int n = limit == null ? 10 : FilterParser.limit(limit);
    if (n > 100) {
      throw new BadParameterException("limit", "limit must be between 1 and 100: " + limit);
    }
    Instant s = start;
    Instant e = end;
    return cache.get(
        List.of(project.id(), "top-traces", s, e, n),
        () -> new TopTraces(s, e, traces.mostExpensive(project.id(), s, e, n)));
  }

  @GetMapping("/api/traces/{traceId}")
  @Operation(summary = "One trace as a span tree with every attribute, event, token count and cost")
  TraceDetail get(CallerProject project, @PathVariable String traceId) {
    if (!Ids.isHexTraceId(traceId)) {
      throw new BadParameterException("traceId", "traceId must be 32 hex characters");
    }
    String id = traceId.toLowerCase(Locale.ROOT);
    List<SpanView> tree = traces.tree(project.id(), id);
    if (tree.isEmpty()) {
      throw new NotFoundException("no trace " + id);
    }
    return new TraceDetail(id, traces.summary(project.id(), id).orElse(null), tree);
  }
}
