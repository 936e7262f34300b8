package io.lumina.dashboard.traces;

import io.lumina.api.traces.SpanView;
import io.lumina.api.traces.TraceDetail;
import io.lumina.dashboard.clients.BackendException;
import io.lumina.dashboard.clients.QueryApiClient;
import io.lumina.dashboard.view.BadInputException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * One trace, a page of spans at a time: waterfall, collapsible span tree, and the selected span's
 * details. Long bodies come cut in the page; the span panel loaded on its own shows the whole span
 * (docs/dashboard.md, "Trace detail").
 */
@Controller
class TraceDetailController {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-fA-F]{16}");

  private final QueryApiClient api;

  TraceDetailController(QueryApiClient api) {
    this.api = api;
  }

  @GetMapping("/traces/{traceId}")
  String trace(
      @PathVariable String traceId,
      @RequestParam(required = false) String span,
      @RequestParam(required = false) String page,
      Model model) {
    TraceDetail trace = load(traceId, page == null || page.isBlank() ? null : page.strip());
    Waterfall waterfall = Waterfall.of(trace.spans());
    List<SpanView> all = waterfall.flatten();
    SpanView selected =
        selected(all, span)
            .or(() -> all.stream().filter(SpanPanel::countedCall).findFirst())
            .or(() -> all.stream().filter(SpanView::llm).findFirst())
            .orElse(all.getFirst());
    model.addAttribute("trace", trace);
    model.addAttribute("traceId", trace.traceId());
    model.addAttribute("laterPage", page != null && !page.isBlank());
    model.addAttribute("waterfall", waterfall);
    model.addAttribute("panel", SpanPanel.of(selected));
    model.addAttribute("llmSpans", all.stream().filter(SpanPanel::countedCall).count());
    model.addAttribute("active", "traces");
    return "traces/detail";
  }

  /**
   * The span panel alone with the whole span (bodies uncut), swapped in when a row of the waterfall
   * or "show full" is clicked.
   */
  @GetMapping("/traces/{traceId}/spans/{spanId}")
  String span(@PathVariable String traceId, @PathVariable String spanId, Model model) {
    String trace = traceId(traceId);
    if (!SPAN_ID.matcher(spanId).matches()) {
      throw new BadInputException("A span id is 16 hex characters.");
    }
    SpanView s =
        api.span(trace, spanId.toLowerCase(Locale.ROOT))
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "No span " + spanId + " in this trace"));
    model.addAttribute("traceId", trace);
    model.addAttribute("panel", SpanPanel.of(s));
    return "traces/detail :: spanPanel";
  }

  private static String traceId(String traceId) {
    if (!TRACE_ID.matcher(traceId).matches()) {
      throw new BadInputException("A trace id is 32 hex characters.");
    }
    return traceId.toLowerCase(Locale.ROOT);
  }

  private TraceDetail load(String traceId, String page) {
    Optional<TraceDetail> found;
    try {
      found = api.trace(traceId(traceId), page);
    } catch (BackendException e) {
      if (page != null && e.rejected()) {
        throw new BadInputException(
            "Not a page of this trace: open the trace from its first page.");
      }
      throw e;
    }
    return found
        .filter(t -> !t.spans().isEmpty())
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND,
                    "No trace "
                        + traceId
                        + " (it may not have arrived yet, or retention removed it)"));
  }

  private static Optional<SpanView> selected(List<SpanView> all, String spanId) {
    if (spanId == null) {
      return Optional.empty();
    }
    return all.stream().filter(s -> spanId.equalsIgnoreCase(s.spanId())).findFirst();
  }
}
