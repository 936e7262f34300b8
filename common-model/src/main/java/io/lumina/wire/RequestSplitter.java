package io.lumina.wire;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an export request into parts whose serialized size stays under a limit (the queue's max
 * payload), keeping each span with its resource and scope. A single span larger than the limit is
 * returned alone; the caller must reject it.
 */
public final class RequestSplitter {
  private final int maxBytes;

  public RequestSplitter(int maxBytes) {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("maxBytes must be at least 1024: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  public List<ExportTraceServiceRequest> split(ExportTraceServiceRequest request) {
    if (request.getSerializedSize() <= maxBytes) {
      return List.of(request);
    }
    List<ExportTraceServiceRequest> parts = new ArrayList<>();
    Part part = new Part();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      ResourceSpans emptyResource = rs.toBuilder().clearScopeSpans().build();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans emptyScope = ss.toBuilder().clearSpans().build();
        // Overhead of wrapping a span in its resource and scope, plus protobuf length prefixes.
        int overhead = emptyResource.getSerializedSize() + emptyScope.getSerializedSize() + 16;
        for (Span span : ss.getSpansList()) {
          int size = span.getSerializedSize() + overhead;
          if (part.size + size > maxBytes && !part.isEmpty()) {
            parts.add(part.build());
            part = new Part();
          }
          part.add(emptyResource, emptyScope, span, size);
        }
      }
    }
    if (!part.isEmpty()) {
      parts.add(part.build());
    }
    return parts;
  }

  /** Collects spans for one part, grouped back under their resource and scope. */
  private static final class Part {
    private final ExportTraceServiceRequest.Builder request =
        ExportTraceServiceRequest.newBuilder();
    private ResourceSpans lastResource;
    private ScopeSpans lastScope;
    private ResourceSpans.Builder resourceBuilder;
    private ScopeSpans.Builder scopeBuilder;
    private int size;

    void add(ResourceSpans resource, ScopeSpans scope, Span span, int spanSize) {
      if (resource != lastResource) {
        flushResource();
        resourceBuilder = resource.toBuilder();
        lastResource = resource;
        lastScope = null;
      }
      if (scope != lastScope) {
        flushScope();
        scopeBuilder = scope.toBuilder();
        lastScope = scope;
      }
      scopeBuilder.addSpans(span);
      size += spanSize;
    }

    boolean isEmpty() {
      return size == 0;
    }

    ExportTraceServiceRequest build() {
      flushResource();
      return request.build();
    }

    private void flushScope() {
      if (scopeBuilder != null) {
        resourceBuilder.addScopeSpans(scopeBuilder);
        scopeBuilder = null;
      }
    }

    private void flushResource() {
      flushScope();
      if (resourceBuilder != null) {
        request.addResourceSpans(resourceBuilder);
        resourceBuilder = null;
      }
    }
  }
}
