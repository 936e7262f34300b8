package io.lumina.conventions;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.UsageRole;
import io.lumina.pricing.CostCalculator;
import io.lumina.testing.InstrumentationFixture;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The spans of a recorded fixture, normalized and priced as the worker does, by trace. */
record RecordedTrace(String traceId, List<Item> spans) {

  /** One span as sent, as normalized and as priced. */
  record Item(Span span, NormalizedSpan normalized, Cost cost) {
    String name() {
      return span.getName();
    }

    String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    String parentId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }
  }

  static List<RecordedTrace> of(
      InstrumentationFixture fixture, SpanNormalizer normalizer, CostCalculator calculator) {
    Map<String, List<Item>> byTrace = new LinkedHashMap<>();
    for (byte[] body : fixture.otlpRequests()) {
      ExportTraceServiceRequest request;
      try {
        request = ExportTraceServiceRequest.parseFrom(body);
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException(fixture + ": not an OTLP protobuf request", e);
      }
      for (ResourceSpans rs : request.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span span : ss.getSpansList()) {
            NormalizedSpan n = normalizer.normalize(rs.getResource(), span);
            byTrace
                .computeIfAbsent(
                    HexFormat.of().formatHex(span.getTraceId().toByteArray()),
                    k -> new ArrayList<>())
                .add(new Item(span, n, calculator.price("project-1", n)));
          }
        }
      }
    }
    List<RecordedTrace> traces = new ArrayList<>();
    byTrace.forEach((id, items) -> traces.add(new RecordedTrace(id, List.copyOf(items))));
    return List.copyOf(traces);
  }

  /**
   * The one trace of the fixture whose spans report usage. Other traces may hold only spans without
   * usage (Spring AI's streamed HTTP span loses its parent without Reactor context propagation).
   */
  static RecordedTrace withUsage(
      InstrumentationFixture fixture, SpanNormalizer normalizer, CostCalculator calculator) {
    List<RecordedTrace> withUsage =
        of(fixture, normalizer, calculator).stream()
            .filter(
                t -> t.spans().stream().anyMatch(i -> i.normalized().usageRole() != UsageRole.NONE))
            .toList();
    if (withUsage.size() != 1) {
      throw new AssertionError(
          fixture + ": expected one trace with usage, found " + withUsage.size());
    }
    return withUsage.getFirst();
  }

  List<Item> counted() {
    return spans.stream().filter(i -> i.normalized().countsUsage()).toList();
  }

  Item named(String name) {
    List<Item> found = spans.stream().filter(i -> i.name().equals(name)).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one span named " + name + ", found " + found.size());
    }
    return found.getFirst();
  }

  List<Item> childrenOf(Item parent) {
    return spans.stream().filter(i -> Objects.equals(i.parentId(), parent.spanId())).toList();
  }

  /** The spans below {@code parent}, at any depth. */
  List<Item> descendantsOf(Item parent) {
    List<Item> out = new ArrayList<>();
    for (Item child : childrenOf(parent)) {
      out.add(child);
      out.addAll(descendantsOf(child));
    }
    return out;
  }
}
