package io.lumina.ingestion.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lumina.ingestion.web.BodyRejectedException;
import io.lumina.ingestion.web.InFlightBudget;
import io.lumina.ingestion.wire.OtlpWireScanner;
import io.lumina.ingestion.wire.RequestLayout;
import io.lumina.model.Ids;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops invalid spans (trace id not 16 non-zero bytes, span id not 8 non-zero bytes, end before
 * start), trims spans over the {@link SpanLimits}, and counts the traces that start in the request.
 * Works on the request's wire format ({@link OtlpWireScanner}): only a span that is over the limits
 * is parsed into an object, trimmed and encoded again; when nothing needs to change, the received
 * bytes are what gets published.
 */
final class SpanValidator {
  /**
   * {@code SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK | SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK} of
   * trace.proto.
   */
  private static final int REMOTE_PARENT_FLAGS = 0x300;

  private final SpanLimits limits;
  private final OtlpWireScanner scanner;

  SpanValidator(SpanLimits limits) {
    this.limits = limits;
    this.scanner =
        new OtlpWireScanner(limits.maxAttributesPerSpan(), limits.maxAttributeValueLength());
  }

  /**
   * @param layout the request, with the rejected and trimmed spans marked
   */
  record Result(
      RequestLayout layout,
      int acceptedSpans,
      Map<Rejection, Integer> rejected,
      int rejectedSpans,
      int newTraces,
      int truncatedValues,
      String message) {

    boolean changed() {
      return !layout.unchanged();
    }
  }

  /** The distinct trace ids of local roots, without copying them out of the body. */
  private record TraceKey(long high, long low) {}

  /**
   * @throws BodyRejectedException 400 for a body that is not an OTLP request, 413 for more than
   *     {@code maxSpans} spans, 503 when {@code lease} cannot take a span that must be trimmed
   */
  Result validate(byte[] body, int maxSpans, InFlightBudget.Lease lease)
      throws BodyRejectedException {
    RequestLayout layout = scanner.scan(body, maxSpans);
    Map<Rejection, Integer> rejected = new EnumMap<>(Rejection.class);
    Map<Rejection, String> firstExample = new EnumMap<>(Rejection.class);
    Trim trim = new Trim();
    Set<TraceKey> roots = null;
    int accepted = 0;
    int total = layout.spanCount();
    for (int i = 0; i < total; i++) {
      Rejection rejection = check(layout, i);
      if (rejection != null) {
        rejected.merge(rejection, 1, Integer::sum);
        firstExample.putIfAbsent(rejection, example(layout, i, rejection));
        layout.reject(i);
        continue;
      }
      accepted++;
      if (layout.mayExceedLimits(i)) {
        // the span's objects and its new encoding, a few times its size
        lease.charge(3L * layout.spanLength(i));
        Span span = parse(layout, i);
        Span trimmed = trim.span(span);
        if (trimmed != span) {
          layout.replace(i, trimmed.toByteArray());
        }
      }
      if (isLocalRoot(layout, i)) {
        if (roots == null) {
          roots = new HashSet<>();
        }
        roots.add(new TraceKey(layout.traceIdHigh(i), layout.traceIdLow(i)));
      }
    }
    int rejectedSpans = total - accepted;
    return new Result(
        layout,
        accepted,
        rejected,
        rejectedSpans,
        roots == null ? 0 : roots.size(),
        trim.truncatedValues,
        message(total, rejectedSpans, rejected, firstExample, trim));
  }

  private static Span parse(RequestLayout layout, int span) {
    try {
      return Span.parser()
          .parseFrom(layout.body(), layout.spanOffset(span), layout.spanLength(span));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a span the scanner accepted does not parse", e);
    }
  }

  /**
   * A span that starts a trace in this service: no parent, or a parent in another process (the span
   * flags say so, as SDKs since OTLP 1.4 set them). Counting these counts each trace once no matter
   * how its spans are spread over requests.
   */
  static boolean isLocalRoot(RequestLayout layout, int span) {
    return !layout.hasParent(span)
        || (layout.flags(span) & REMOTE_PARENT_FLAGS) == REMOTE_PARENT_FLAGS;
  }

  private static Rejection check(RequestLayout layout, int span) {
    if (layout.traceIdLength(span) != Ids.TRACE_ID_BYTES || layout.traceIdIsZero(span)) {
      return Rejection.INVALID_TRACE_ID;
    }
    if (layout.spanIdLength(span) != Ids.SPAN_ID_BYTES || layout.spanIdIsZero(span)) {
      return Rejection.INVALID_SPAN_ID;
    }
    if (Long.compareUnsigned(layout.endTimeUnixNano(span), layout.startTimeUnixNano(span)) < 0) {
      return Rejection.END_BEFORE_START;
    }
    return null;
  }

  private static String example(RequestLayout layout, int span, Rejection rejection) {
    String name = layout.name(span);
    if (name.length() > 64) {
      name = name.substring(0, 64) + "...";
    }
    return switch (rejection) {
      case INVALID_TRACE_ID ->
          "span '"
              + name
              + "' has a "
              + layout.traceIdLength(span)
              + "-byte trace id"
              + (layout.traceIdLength(span) == Ids.TRACE_ID_BYTES ? " of zeros" : "");
      case INVALID_SPAN_ID ->
          "span '"
              + name
              + "' has a "
              + layout.spanIdLength(span)
              + "-byte span id"
              + (layout.spanIdLength(span) == Ids.SPAN_ID_BYTES ? " of zeros" : "");
      case END_BEFORE_START ->
          "span '"
              + name
              + "' ends "
              + Long.toUnsignedString(layout.endTimeUnixNano(span))
              + " before it starts "
              + Long.toUnsignedString(layout.startTimeUnixNano(span));
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
            copy = new ArrayList<>(out);
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
