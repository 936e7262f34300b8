package io.lumina.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** {@code GET /api/traces/{id}}: the trace as a tree of spans, roots first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TraceDetail(String traceId, List<Span> spans) {
  public TraceDetail {
    spans = spans == null ? List.of() : List.copyOf(spans);
  }
}
