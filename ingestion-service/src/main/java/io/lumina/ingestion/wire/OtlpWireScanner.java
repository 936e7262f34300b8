package io.lumina.ingestion.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.lumina.ingestion.web.BodyRejectedException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;

/**
 * Reads an OTLP {@code ExportTraceServiceRequest} in its wire format with {@link CodedInputStream},
 * building no message objects: it checks everything protobuf's own parser checks (wire types,
 * lengths, UTF-8 of every string, at most {@value #MAX_DEPTH} nested messages) and records where
 * each span and its validation fields are in a {@link RequestLayout}.
 *
 * <p>Anything this scanner accepts, the worker's protobuf parser accepts too: a span that passes
 * here can never become a message the worker cannot read.
 */
public final class OtlpWireScanner {
  /** protobuf's default recursion limit, which the worker's parser applies. */
  public static final int MAX_DEPTH = 100;

  // tags: field number << 3 | wire type
  private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int RESOURCE_SPANS = 1 << 3 | LEN;
  private static final int SCOPE_SPANS = 2 << 3 | LEN;
  private static final int SPANS = 2 << 3 | LEN;
  private static final int TRACE_ID = 1 << 3 | LEN;
  private static final int SPAN_ID = 2 << 3 | LEN;
  private static final int PARENT_SPAN_ID = 4 << 3 | LEN;
  private static final int NAME = 5 << 3 | LEN;
  private static final int START_TIME = 7 << 3 | WireFormat.WIRETYPE_FIXED64;
  private static final int END_TIME = 8 << 3 | WireFormat.WIRETYPE_FIXED64;
  private static final int SPAN_ATTRIBUTES = 9 << 3 | LEN;
  private static final int EVENTS = 11 << 3 | LEN;
  private static final int FLAGS = 16 << 3 | WireFormat.WIRETYPE_FIXED32;
  private static final int EVENT_ATTRIBUTES = 3 << 3 | LEN;
  private static final int KEY = 1 << 3 | LEN;
  private static final int VALUE = 2 << 3 | LEN;
  private static final int STRING_VALUE = 1 << 3 | LEN;
  private static final int ARRAY_VALUE = 5 << 3 | LEN;
  private static final int KVLIST_VALUE = 6 << 3 | LEN;
  private static final int BYTES_VALUE = 7 << 3 | LEN;
  private static final int VALUES = 1 << 3 | LEN;

  private final WireSchema request = WireSchema.of(ExportTraceServiceRequest.getDescriptor());
  private final WireSchema resourceSpans =
      request.child(1, "opentelemetry.proto.trace.v1.ResourceSpans");
  private final WireSchema scopeSpans =
      resourceSpans.child(2, "opentelemetry.proto.trace.v1.ScopeSpans");
  private final WireSchema span = scopeSpans.child(2, "opentelemetry.proto.trace.v1.Span");
  private final WireSchema event = span.child(11, "opentelemetry.proto.trace.v1.Span.Event");
  private final WireSchema keyValue = span.child(9, "opentelemetry.proto.common.v1.KeyValue");
  private final WireSchema anyValue = keyValue.child(2, "opentelemetry.proto.common.v1.AnyValue");
  private final WireSchema arrayValue =
      anyValue.child(5, "opentelemetry.proto.common.v1.ArrayValue");
  private final WireSchema keyValueList =
      anyValue.child(6, "opentelemetry.proto.common.v1.KeyValueList");

  private final int maxAttributes;
  private final int maxValueLength;

  /**
   * @param maxAttributes spans or events with more attributes are marked {@link
   *     RequestLayout#mayExceedLimits}
   * @param maxValueLength so are those with a string attribute value of more characters (UTF-16
   *     units, as Java counts them) or a bytes value of more bytes
   */
  public OtlpWireScanner(int maxAttributes, int maxValueLength) {
    this.maxAttributes = maxAttributes;
    this.maxValueLength = maxValueLength;
    span.require(1, WireSchema.BYTES);
    span.require(2, WireSchema.BYTES);
    span.require(4, WireSchema.BYTES);
    span.require(5, WireSchema.STRING);
    span.require(7, WireSchema.FIXED64);
    span.require(8, WireSchema.FIXED64);
    span.require(16, WireSchema.FIXED32);
    event.require(3, WireSchema.MESSAGE);
    keyValue.require(1, WireSchema.STRING);
    anyValue.require(1, WireSchema.STRING);
    anyValue.require(7, WireSchema.BYTES);
    arrayValue.require(1, WireSchema.MESSAGE);
    keyValueList.require(1, WireSchema.MESSAGE);
  }

  /**
   * @throws BodyRejectedException 400 when the body is not a valid request, 413 when it holds more
   *     than {@code maxSpans} spans
   */
  public RequestLayout scan(byte[] body, int maxSpans) throws BodyRejectedException {
    Scan scan = new Scan(body, maxSpans);
    try {
      scan.request();
    } catch (IOException e) {
      // only InvalidProtocolBufferException: the input is an array
      throw malformed(e.getMessage());
    }
    return scan.layout;
  }

  static BodyRejectedException malformed(String why) {
    return BodyRejectedException.malformed(
        "malformed protobuf body (OTLP ExportTraceServiceRequest): " + why);
  }

  /** The state of one scan. */
  private final class Scan {
    private final byte[] body;
    private final int maxSpans;
    private final CodedInputStream in;
    private final RequestLayout layout;

    Scan(byte[] body, int maxSpans) {
      this.body = body;
      this.maxSpans = maxSpans;
      this.in = CodedInputStream.newInstance(body);
      this.layout = new RequestLayout(body);
    }

    private int position() {
      return in.getTotalBytesRead();
    }

    void request() throws IOException, BodyRejectedException {
      int tag;
      while ((tag = readTag()) != 0) {
        if (tag == RESOURCE_SPANS) {
          int old = enter(0);
          resourceSpans();
          in.popLimit(old);
        } else {
          field(request, tag, 0);
        }
      }
    }

    private void resourceSpans() throws IOException, BodyRejectedException {
      int resource = layout.addResource();
      int from = position();
      int tag;
      while ((tag = readTag()) != 0) {
        if (tag == SCOPE_SPANS) {
          int old = enter(1);
          scopeSpans(resource);
          in.popLimit(old);
        } else {
          field(resourceSpans, tag, 1);
          layout.addResourceRange(resource, from, position());
        }
        from = position(); // tags may be written in more bytes than needed: measure, not compute
      }
    }

    private void scopeSpans(int resource) throws IOException, BodyRejectedException {
      int scope = layout.addScope(resource);
      int from = position();
      int tag;
      while ((tag = readTag()) != 0) {
        if (tag == SPANS) {
          int length = in.readRawVarint32();
          int old = enter(2, length);
          if (layout.spanCount() >= maxSpans) {
            throw BodyRejectedException.tooLarge(
                "request has more than " + maxSpans + " spans; send smaller batches");
          }
          span(layout.addSpan(scope, position(), length));
          in.popLimit(old);
        } else {
          field(scopeSpans, tag, 2);
          layout.addScopeRange(scope, from, position());
        }
        from = position();
      }
    }

    /** A span's content, at depth 3. */
    private void span(int s) throws IOException {
      int attributes = 0;
      boolean over = false;
      int tag;
      while ((tag = readTag()) != 0) {
        switch (tag) {
          case TRACE_ID -> {
            int length = in.readRawVarint32();
            layout.traceId(s, position(), length);
            in.skipRawBytes(length);
          }
          case SPAN_ID -> {
            int length = in.readRawVarint32();
            layout.spanId(s, position(), length);
            in.skipRawBytes(length);
          }
          case PARENT_SPAN_ID -> {
            int length = in.readRawVarint32();
            layout.parentLength(s, length);
            in.skipRawBytes(length);
          }
          case NAME -> {
            int length = in.readRawVarint32();
            layout.name(s, position(), length);
            utf8(length);
          }
          case START_TIME -> layout.startTime(s, in.readFixed64());
          case END_TIME -> layout.endTime(s, in.readFixed64());
          case FLAGS -> layout.flags(s, in.readFixed32());
          case SPAN_ATTRIBUTES -> {
            attributes++;
            int old = enter(3);
            over |= keyValue(4, true);
            in.popLimit(old);
          }
          case EVENTS -> {
            int old = enter(3);
            over |= event();
            in.popLimit(old);
          }
          default -> field(span, tag, 3);
        }
      }
      if (over || attributes > maxAttributes) {
        layout.overLimits(s);
      }
    }

    /** An event's content, at depth 4; true if it may be over the span limits. */
    private boolean event() throws IOException {
      int attributes = 0;
      boolean over = false;
      int tag;
      while ((tag = readTag()) != 0) {
        if (tag == EVENT_ATTRIBUTES) {
          attributes++;
          int old = enter(4);
          over |= keyValue(5, true);
          in.popLimit(old);
        } else {
          field(event, tag, 4);
        }
      }
      return over || attributes > maxAttributes;
    }

    /** A KeyValue's content; true if {@code measure} and its value may be too long. */
    private boolean keyValue(int depth, boolean measure) throws IOException {
      boolean over = false;
      int tag;
      while ((tag = readTag()) != 0) {
        if (tag == KEY) {
          utf8(in.readRawVarint32());
        } else if (tag == VALUE) {
          int old = enter(depth);
          over |= anyValue(depth + 1, measure);
          in.popLimit(old);
        } else {
          field(keyValue, tag, depth);
        }
      }
      return over;
    }

    private boolean anyValue(int depth, boolean measure) throws IOException {
      boolean over = false;
      int tag;
      while ((tag = readTag()) != 0) {
        switch (tag) {
          case STRING_VALUE -> {
            int length = in.readRawVarint32();
            int at = position();
            utf8(length);
            over |= measure && length > maxValueLength && utf16Length(at, length) > maxValueLength;
          }
          case BYTES_VALUE -> {
            int length = in.readRawVarint32();
            in.skipRawBytes(length);
            over |= measure && length > maxValueLength;
          }
          case ARRAY_VALUE, KVLIST_VALUE -> {
            int old = enter(depth);
            over |= list(tag == ARRAY_VALUE, depth + 1, measure);
            in.popLimit(old);
          }
          default -> field(anyValue, tag, depth);
        }
      }
      return over;
    }

    /**
     * An ArrayValue's (or KeyValueList's) content, at depth: its values, each an AnyValue
     * (KeyValue).
     */
    private boolean list(boolean array, int depth, boolean measure) throws IOException {
      boolean over = false;
      int tag;
      while ((tag = readTag()) != 0) {
        if (tag == VALUES) {
          int element = enter(depth);
          over |= array ? anyValue(depth + 1, measure) : keyValue(depth + 1, measure);
          in.popLimit(element);
        } else {
          field(array ? arrayValue : keyValueList, tag, depth);
        }
      }
      return over;
    }

    /**
     * Any other field of a message whose content is at {@code depth}: checked against the schema,
     * and skipped like protobuf keeps it as an unknown field when its wire type does not match.
     */
    private void field(WireSchema schema, int tag, int depth) throws IOException {
      int number = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      byte kind = schema.kind(number);
      if (kind != WireSchema.UNKNOWN && wireType == WireSchema.wireType(kind)) {
        switch (kind) {
          case WireSchema.STRING -> utf8(in.readRawVarint32());
          case WireSchema.MESSAGE -> {
            int old = enter(depth);
            message(schema.child(number), depth + 1);
            in.popLimit(old);
          }
          default -> in.skipField(tag);
        }
        return;
      }
      if (wireType == LEN && schema.repeated(number) && kind != WireSchema.UNKNOWN) {
        packed(kind); // a packed repeated scalar
        return;
      }
      unknown(tag, depth);
    }

    private void message(WireSchema schema, int depth) throws IOException {
      int tag;
      while ((tag = readTag()) != 0) {
        field(schema, tag, depth);
      }
    }

    private void packed(byte kind) throws IOException {
      int length = in.readRawVarint32();
      switch (kind) {
        case WireSchema.VARINT -> {
          int old = in.pushLimit(length);
          while (!in.isAtEnd()) {
            in.readRawVarint64();
          }
          in.popLimit(old);
        }
        case WireSchema.FIXED64, WireSchema.FIXED32 -> {
          if (length % (kind == WireSchema.FIXED64 ? 8 : 4) != 0) {
            throw new InvalidProtocolBufferException("packed field has a partial element");
          }
          in.skipRawBytes(length);
        }
        default -> in.skipRawBytes(length); // not a scalar: protobuf keeps it as unknown
      }
    }

    /** An unknown field; groups count towards the nesting limit as protobuf counts them. */
    private void unknown(int tag, int depth) throws IOException {
      switch (WireFormat.getTagWireType(tag)) {
        case WireFormat.WIRETYPE_START_GROUP -> {
          if (depth >= MAX_DEPTH) {
            throw tooDeep();
          }
          int end = WireFormat.getTagFieldNumber(tag) << 3 | WireFormat.WIRETYPE_END_GROUP;
          while (true) {
            int inner = in.readTag();
            if (inner == 0) {
              throw new InvalidProtocolBufferException("a group is not terminated");
            }
            if (inner == end) {
              return;
            }
            unknown(inner, depth + 1);
          }
        }
        case WireFormat.WIRETYPE_END_GROUP ->
            throw new InvalidProtocolBufferException("an end-group tag without a group");
        default -> in.skipField(tag);
      }
    }

    private int readTag() throws IOException {
      return in.readTag();
    }

    /** Reads a length and limits reading to the message it introduces, whose parent is at depth. */
    private int enter(int depth) throws IOException {
      return enter(depth, in.readRawVarint32());
    }

    private int enter(int depth, int length) throws IOException {
      if (depth >= MAX_DEPTH) {
        throw tooDeep();
      }
      return in.pushLimit(length);
    }

    private void utf8(int length) throws IOException {
      int at = position();
      in.skipRawBytes(length); // first: fails on a negative or truncated length
      boolean valid =
          length <= 16 && isAscii(at, length)
              || UnsafeByteOperations.unsafeWrap(body, at, length).isValidUtf8();
      if (!valid) {
        throw new InvalidProtocolBufferException("Protocol message had invalid UTF-8.");
      }
    }

    private boolean isAscii(int at, int length) {
      for (int i = at; i < at + length; i++) {
        if (body[i] < 0) {
          return false;
        }
      }
      return true;
    }

    /** Characters of a valid UTF-8 string in Java's counting: 4-byte sequences count twice. */
    private int utf16Length(int at, int length) {
      int units = 0;
      for (int i = at; i < at + length; i++) {
        int b = body[i] & 0xFF;
        if ((b & 0xC0) != 0x80) {
          units += b >= 0xF0 ? 2 : 1;
        }
      }
      return units;
    }

    private InvalidProtocolBufferException tooDeep() {
      return new InvalidProtocolBufferException(
          "Protocol message had too many levels of nesting; at most " + MAX_DEPTH + " are read");
    }
  }
}
