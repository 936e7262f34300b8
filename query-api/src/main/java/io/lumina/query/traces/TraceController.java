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
import java.util.Optional;
import java.util.regex.Pattern;
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
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-fA-F]{16}");

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
  @Operation(
      summary = "One page of a trace as a span tree",
      description =
          "Spans in start order, a page at a time (nextPage is the cursor of the next one), each with"
              + " every attribute, event, token count and cost; prompt, response and system prompt"
              + " are cut at a limit and truncated says so. The whole span is at"
              + " /api/traces/{traceId}/spans/{spanId}.")
  TraceDetail get(
      CallerProject project,
      @PathVariable String traceId,
      @Parameter(description = "the nextPage cursor of the previous page")
          @RequestParam(required = false)
          String page) {
    String id = traceId(traceId);
    Page<SpanView> spansPage;
    try {
      spansPage =
          traces.treePage(
              project.id(),
              id,
              page == null || page.isBlank() ? null : page.strip(),
              properties.traceDetail().pageSize(),
              properties.traceDetail().bodyLimit());
    } catch (IllegalArgumentException e) {
      throw new BadParameterException("page", "page must be a nextPage cursor of this trace");
    }
    Optional<TraceSummary> summary = traces.summary(project.id(), id);
    // A cursor past the last span of a known trace is an empty last page, not a missing trace.
    boolean known = !spansPage.rows().isEmpty() || (page != null && summary.isPresent());
    if (!known) {
      throw new NotFoundException("no trace " + id);
    }
    return new TraceDetail(id, summary.orElse(null), spansPage.rows(), spansPage.nextCursor());
  }

  @GetMapping("/api/traces/{traceId}/spans/{spanId}")
  @Operation(summary = "One whole span of a trace: prompt, response and input messages uncut")
  SpanView span(CallerProject project, @PathVariable String traceId, @PathVariable String spanId) {
    String id = traceId(traceId);
    if (!SPAN_ID.matcher(spanId).matches()) {
      throw new BadParameterException("spanId", "spanId must be 16 hex characters");
    }
    String span = spanId.toLowerCase(Locale.ROOT);
    return traces
        .span(project.id(), id, span)
        .orElseThrow(() -> new NotFoundException("no span " + span + " in trace " + id));
  }

  private static String traceId(String traceId) {
    if (!Ids.isHexTraceId(traceId)) {
      throw new BadParameterException("traceId", "traceId must be 32 hex characters");
    }
    return traceId.toLowerCase(Locale.ROOT);
  }
}
