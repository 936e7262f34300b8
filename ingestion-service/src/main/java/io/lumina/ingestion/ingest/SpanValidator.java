package io.lumina.ingestion.ingest;

import com.google.protobuf.ByteString;
import io.lumina.model.Ids;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops invalid spans (trace id not 16 non-zero bytes, span id not 8 non-zero bytes, end before
 * start), trims spans over the {@link SpanLimits}, and counts the traces that start in the request.
 * When nothing needs to change the request object itself is returned, so its bytes can be published
 * as received.
 */
final class SpanValidator {
  /**
   * {@code SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK | SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK} of
   * trace.proto.
   */
  private static final int REMOTE_PARENT_FLAGS = 0x300;

  private static final Span REJECTED = Span.getDefaultInstance();

  private final SpanLimits limits;

  SpanValidator(SpanLimits limits) {
    this.limits = limits;
  }

  record Result(
      ExportTraceServiceRequest valid,
      boolean changed,
      int acceptedSpans,
      Map<Rejection, Integer> rejected,
      int rejectedSpans,
      int newTraces,
      int truncatedValues,
      String message) {}

  Result validate(ExportTraceServiceRequest request) {
    Map<Span, Span> replacements = new IdentityHashMap<>();
    Map<Rejection, Integer> rejected = new EnumMap<>(Rejection.class);
    Map<Rejection, String> firstExample = new EnumMap<>(Rejection.class);
    Trim trim = new Trim();
    Set<ByteString> roots = null;
    int accepted = 0;
    int total = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          total++;
          Rejection rejection = check(span);
          if (rejection != null) {
            rejected.merge(rejection, 1, Integer::sum);
            firstExample.putIfAbsent(rejection, example(span, rejection));
            replacements.put(span, REJECTED);
            continue;
          }
          accepted++;
          Span trimmed = trim.span(span);
          if (trimmed != span) {
            replacements.put(span, trimmed);
          }
          if (isLocalRoot(span)) {
            if (roots == null) {
              roots = new HashSet<>();
            }
            roots.add(span.getTraceId());
          }
        }
      }
    }
    int rejectedSpans = total - accepted;
    ExportTraceServiceRequest valid =
        replacements.isEmpty() ? request : rebuild(request, replacements);
    return new Result(
        valid,
        !replacements.isEmpty(),
        accepted,
        rejected,
        rejectedSpans,
        roots == null ? 0 : roots.size(),
        trim.truncatedValues,
        message(total, rejectedSpans, rejected, firstExample, trim));
  }

  /**
   * A span that starts a trace in this service: no parent, or a parent in another process (the span
   * flags say so, as SDKs since OTLP 1.4 set them). Counting these counts each trace once no matter
   * how its spans are spread over requests.
   */
  static boolean isLocalRoot(Span span) {
    return span.getParentSpanId().isEmpty()
        || (span.getFlags() & REMOTE_PARENT_FLAGS) == REMOTE_PARENT_FLAGS;
  }

  private static Rejection check(Span span) {
    if (!Ids.isValidTraceId(span.getTraceId())) {
      return Rejection.INVALID_TRACE_ID;
    }
    if (!Ids.isValidSpanId(span.getSpanId())) {
      return Rejection.INVALID_SPAN_ID;
    }
    if (Long.compareUnsigned(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()) < 0) {
      return Rejection.END_BEFORE_START;
    }
    return null;
  }

  private static String example(Span span, Rejection rejection) {
    String name =
        span.getName().length() > 64 ? span.getName().substring(0, 64) + "..." : span.getName();
    return switch (rejection) {
      case INVALID_TRACE_ID ->
          "span '"
              + name
              + "' has a "
              + span.getTraceId().size()
              + "-byte trace id"
              + (span.getTraceId().size() == Ids.TRACE_ID_BYTES ? " of zeros" : "");
      case INVALID_SPAN_ID ->
          "span '"
              + name
              + "' has a "
              + span.getSpanId().size()
              + "-byte span id"
              + (span.getSpanId().size() == Ids.SPAN_ID_BYTES ? " of zeros" : "");
      case END_BEFORE_START ->
          "span '"
              + name
              + "' ends "
              + Long.toUnsignedString(span.getEndTimeUnixNano())
              + " before it starts "
              + Long.toUnsignedString(span.getStartTimeUnixNano());
    };
  }

  private String message(
      int total,
      int rejectedSpans,
      Map<Rejection, Integer> rejected,
      Map<Rejection, String> firstExample,
      Trim trim) {
    if (rejectedSpans == 0 && trim.truncatedValues == 0 && trim.droppedAttributes == 0) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    if (rejectedSpans > 0) {
      out.append("rejected ").append(rejectedSpans).append(" of ").append(total).append(" spans: ");
      String separator = "";
      for (var entry : rejected.entrySet()) {
        out.append(separator)
            .append(entry.getValue())
            .append(" with ")
            .append(entry.getKey().description())
            .append(" (first: ")
            .append(firstExample.get(entry.getKey()))
            .append(')');
        separator = "; ";
      }
    }
    if (trim.truncatedValues > 0) {
      out.append(out.isEmpty() ? "" : ". ")
          .append("truncated ")
          .append(trim.truncatedValues)
          .append(" attribute values to ")
          .append(limits.maxAttributeValueLength())
          .append(" characters");
    }
    if (trim.droppedAttributes > 0) {
      out.append(out.isEmpty() ? "" : ". ")
          .append("dropped ")
          .append(trim.droppedAttributes)
          .append(" attributes over the limit of ")
          .append(limits.maxAttributesPerSpan())
          .append(" per span");
    }
    return out.toString();
  }

  private static ExportTraceServiceRequest rebuild(
      ExportTraceServiceRequest request, Map<Span, Span> replacements) {
    ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      ResourceSpans.Builder rsOut = null;
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans.Builder ssOut = ss.toBuilder().clearSpans();
        for (Span span : ss.getSpansList()) {
          Span replacement = replacements.getOrDefault(span, span);
          if (replacement != REJECTED) {
            ssOut.addSpans(replacement);
          }
        }
        if (ssOut.getSpansCount() > 0) {
          if (rsOut == null) {
            rsOut = rs.toBuilder().clearScopeSpans();
          }
          rsOut.addScopeSpans(ssOut);
        }
      }
      if (rsOut != null) {
        out.addResourceSpans(rsOut);
      }
    }
    return out.build();
  }

  /** Applies the span limits, returning the very same objects when nothing is over them. */
  private final class Trim {
    int truncatedValues;
    int droppedAttributes;

    Span span(Span span) {
      List<KeyValue> attributes = attributes(span.getAttributesList());
      int dropped = span.getAttributesCount() - attributes.size();
      Span.Builder out = null;
      if (attributes != span.getAttributesList()) {
        out =
            span.toBuilder()
                .clearAttributes()
                .addAllAttributes(attributes)
                .setDroppedAttributesCount(span.getDroppedAttributesCount() + dropped);
      }
      for (int i = 0; i < span.getEventsCount(); i++) {
        Span.Event event = span.getEvents(i);
        List<KeyValue> eventAttributes = attributes(event.getAttributesList());
        if (eventAttributes != event.getAttributesList()) {
          if (out == null) {
            out = span.toBuilder();
          }
          out.setEvents(
              i,
              event.toBuilder()
                  .clearAttributes()
                  .addAllAttributes(eventAttributes)
                  .setDroppedAttributesCount(
                      event.getDroppedAttributesCount()
                          + event.getAttributesCount()
                          - eventAttributes.size()));
        }
      }
      return out == null ? span : out.build();
    }

    private List<KeyValue> attributes(List<KeyValue> in) {
      int keep = Math.min(in.size(), limits.maxAttributesPerSpan());
      droppedAttributes += in.size() - keep;
      List<KeyValue> out = keep == in.size() ? in : in.subList(0, keep);
      List<KeyValue> copy = null;
      for (int i = 0; i < keep; i++) {
        KeyValue kv = out.get(i);
        AnyValue value = value(kv.getValue());
        if (value != kv.getValue()) {
          if (copy == null) {
            copy = new java.util.ArrayList<>(out);
          }
          copy.set(i, kv.toBuilder().setValue(value).build());
        }
      }
      return copy != null ? copy : out;
    }

    /**
     * The serialized size bounds every string inside, so most values are passed by one memoized
     * call.
     */
    private AnyValue value(AnyValue value) {
      int max = limits.maxAttributeValueLength();
      if (value.getSerializedSize() <= max) {
        return value;
      }
      switch (value.getValueCase()) {
        case STRING_VALUE -> {
          String s = value.getStringValue();
          if (s.length() <= max) {
            return value;
          }
          truncatedValues++;
          int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
          return AnyValue.newBuilder().setStringValue(s.substring(0, end)).build();
        }
        case BYTES_VALUE -> {
          if (value.getBytesValue().size() <= max) {
            return value;
          }
          truncatedValues++;
          return AnyValue.newBuilder()
              .setBytesValue(value.getBytesValue().substring(0, max))
              .build();
        }
        case ARRAY_VALUE -> {
          List<AnyValue> values = value.getArrayValue().getValuesList();
          ArrayValue.Builder out = null;
          for (int i = 0; i < values.size(); i++) {
            AnyValue v = value(values.get(i));
            if (v != values.get(i)) {
              if (out == null) {
                out = value.getArrayValue().toBuilder();
              }
              out.setValues(i, v);
            }
          }
          return out == null ? value : AnyValue.newBuilder().setArrayValue(out).build();
        }
        case KVLIST_VALUE -> {
          List<KeyValue> values = value.getKvlistValue().getValuesList();
          KeyValueList.Builder out = null;
          for (int i = 0; i < values.size(); i++) {
            AnyValue v = value(values.get(i).getValue());
            if (v != values.get(i).getValue()) {
              if (out == null) {
                out = value.getKvlistValue().toBuilder();
              }
              out.setValues(i, values.get(i).toBuilder().setValue(v));
            }
          }
          return out == null ? value : AnyValue.newBuilder().setKvlistValue(out).build();
        }
        default -> {
          return value;
        }
      }
    }
  }
}
