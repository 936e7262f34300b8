package io.lumina.query.export;

import io.lumina.query.search.FilterParser;
import io.lumina.query.search.TimeParam;
import io.lumina.query.web.BadParameterException;
import io.lumina.query.web.CallerProject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/export/traces}: every span of a time range, streamed (the archival call is {@code
 * ?before=<epoch seconds>}, docs/api.md). Parameters are validated before the first byte, so errors
 * are still problem+json; once streaming, a failure cuts the response short (the client sees a
 * truncated body, never a partial file that looks complete: JSONL lines and the OTLP document are
 * closed only at the end).
 */
@RestController
@Tag(name = "export")
class ExportController {
  static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

  private final SpanExporter exporter;

  ExportController(SpanExporter exporter) {
    this.exporter = exporter;
  }

  @GetMapping("/api/export/traces")
  @Operation(
      summary =
          "Stream the spans of a time range as JSONL (one span per line) or one OTLP JSON"
              + " ExportTraceServiceRequest (one resourceSpans per span, re-ingestible at POST /v1/traces)")
  ResponseEntity<StreamingResponseBody> export(
      CallerProject project,
      @Parameter(description = "epoch seconds (or ISO-8601): spans that started before")
          @RequestParam(required = false)
          String before,
      @Parameter(description = "ISO-8601 or epoch seconds, inclusive")
          @RequestParam(required = false)
          String from,
      @Parameter(description = "ISO-8601 or epoch seconds, exclusive")
          @RequestParam(required = false)
          String to,
      @Parameter(description = "jsonl (default) | otlp-json") @RequestParam(required = false)
          String format,
      @Parameter(description = "only this service's spans") @RequestParam(required = false)
          String service) {
    Instant start = TimeParam.parse("from", from);
    Instant end = TimeParam.parse("to", to);
    Instant b = TimeParam.parse("before", before);
    if (b != null && (end == null || b.isBefore(end))) {
      end = b;
    }
    if (start == null && end == null) {
      throw new BadParameterException("before", "give before=<epoch seconds>, or from and/or to");
    }
    if (start != null && end != null && !start.isBefore(end)) {
      throw new BadParameterException(
          "to", "the time range is empty: from must be before to/before");
    }
    SpanExporter.Format f =
        switch (format == null ? "jsonl" : format) {
          case "jsonl" -> SpanExporter.Format.JSONL;
          case "otlp-json" -> SpanExporter.Format.OTLP_JSON;
          default ->
              throw new BadParameterException(
                  "format", "format must be jsonl or otlp-json: " + format);
        };
    if (service != null) {
      FilterParser.parse(
          new io.lumina.api.traces.SearchParams(
              service, null, null, null, null, null, null, null, null, null, null, null, null, null,
              null, null, null, null, null),
          java.util.Map.of(),
          false);
    }
    SpanExporter.Request request = new SpanExporter.Request(project.id(), start, end, service, f);
    String file = "lumina-spans" + (f == SpanExporter.Format.JSONL ? ".jsonl" : ".otlp.json");
    return ResponseEntity.ok()
        .contentType(f == SpanExporter.Format.JSONL ? NDJSON : MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
        .body(out -> exporter.write(request, out));
  }
}
