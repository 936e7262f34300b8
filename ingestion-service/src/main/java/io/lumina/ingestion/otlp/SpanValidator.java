package io.lumina.ingestion.otlp;

import io.lumina.model.Ids;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Drops invalid spans from a request and says why: a trace id that is not 16 non-zero bytes, a span
 * id that is not 8 non-zero bytes, or an end before the start. Valid spans are kept as they are.
 */
final class SpanValidator {

  record Result(ExportTraceServiceRequest valid, int acceptedSpans, int rejectedSpans, String firstError) {}

  Result validate(ExportTraceServiceRequest request) {
    int accepted = 0;
    int rejected = 0;
    String firstError = null;
    boolean changed = false;
    ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      ResourceSpans.Builder rsOut = rs.toBuilder().clearScopeSpans();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans.Builder ssOut = ss.toBuilder().clearSpans();
        for (Span span : ss.getSpansList()) {
          String error = check(span);
          if (error == null) {
            ssOut.addSpans(span);
            accepted++;
          } else {
            rejected++;
            changed = true;
            if (firstError == null) {
              firstError = error;
            }
          }
        }
        if (ssOut.getSpansCount() > 0) {
          rsOut.addScopeSpans(ssOut);
        }
      }
      if (rsOut.getScopeSpansCount() > 0) {
        out.addResourceSpans(rsOut);
      }
    }
    return new Result(changed ? out.build() : request, accepted, rejected, firstError);
  }

  private static String check(Span span) {
    if (!Ids.isValidTraceId(span.getTraceId())) {
      return "span '" + span.getName() + "': trace id must be 16 bytes and not all zero (got "
          + span.getTraceId().size() + " bytes)";
    }
    if (!Ids.isValidSpanId(span.getSpanId())) {
      return "span '" + span.getName() + "': span id must be 8 bytes and not all zero (got "
          + span.getSpanId().size() + " bytes)";
    }
    if (Long.compareUnsigned(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()) < 0) {
      return "span '" + span.getName() + "': end time is before start time";
    }
    return null;
  }
}
