package io.lumina.query.traces;

import io.lumina.model.Ids;
import io.lumina.model.Projects;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/traces}: the trace list and one trace as a span tree. */
@RestController
class TraceController {
  private final TraceRepository traces;

  TraceController(TraceRepository traces) {
    this.traces = traces;
  }

  record TracePage(List<TraceSummary> traces) {}

  record TraceDetail(String traceId, List<SpanView> spans) {}

  @GetMapping("/api/traces")
  TracePage list(@RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000");
    }
    return new TracePage(traces.list(Projects.DEFAULT_PROJECT, limit));
  }

  @GetMapping("/api/traces/{traceId}")
  TraceDetail get(@PathVariable String traceId) {
    if (!Ids.isHexTraceId(traceId)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "traceId must be 32 hex characters");
    }
    String id = traceId.toLowerCase(Locale.ROOT);
    List<SpanView> tree = traces.tree(Projects.DEFAULT_PROJECT, id);
    if (tree.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no trace " + id);
    }
    return new TraceDetail(id, tree);
  }
}
