package io.lumina.ingestion.wire;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where everything is in a scanned {@code ExportTraceServiceRequest}: the spans (with the few
 * fields validation looks at) and, around them, the byte ranges of their resources and scopes. No
 * message object is built. Spans can be rejected or replaced by a re-encoded version; requests are
 * then written by copying the untouched bytes, so only changed spans are ever serialized again.
 */
public final class RequestLayout {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  // per span, ints: content start, content length, scope index, trace id offset and length,
  // span id offset and length, parent span id length, flags, name offset and length
  private static final int START = 0;
  private static final int LENGTH = 1;
  private static final int SCOPE = 2;
  private static final int TRACE_ID = 3;
  private static final int TRACE_ID_LENGTH = 4;
  private static final int SPAN_ID = 5;
  private static final int SPAN_ID_LENGTH = 6;
  private static final int PARENT_LENGTH = 7;
  private static final int FLAGS = 8;
  private static final int NAME = 9;
  private static final int NAME_LENGTH = 10;
  private static final int STRIDE = 11;

  private final byte[] body;
  private int[] spans = new int[64 * STRIDE];
  private long[] times = new long[64 * 2];
  private boolean[] overLimits = new boolean[64];
  private int spanCount;
  // pairs [from, to) of the body copied verbatim: the fields of a scope, or of a resource, other
  // than their children; each scope's (resource's) pairs are consecutive
  private final Ranges scopeRanges = new Ranges();
  private final Ranges resourceRanges = new Ranges();
  // per scope: first range, end of ranges, resource index
  private int[] scopes = new int[16 * 3];
  private int scopeCount;
  // per resource: first range, end of ranges
  private int[] resources = new int[8 * 2];
  private int resourceCount;

  private byte[][] replacements;
  private boolean[] rejected;
  private int changes;

  RequestLayout(byte[] body) {
    this.body = body;
  }

  /** The request bytes as received. */
  public byte[] body() {
    return body;
  }

  public int spanCount() {
    return spanCount;
  }

  // ---- facts about span i, for validation ----

  public int traceIdLength(int span) {
    return spans[span * STRIDE + TRACE_ID_LENGTH];
  }

  public boolean traceIdIsZero(int span) {
    return isZero(spans[span * STRIDE + TRACE_ID], traceIdLength(span));
  }

  /** The two halves of a 16-byte trace id, for counting distinct traces without copying. */
  public long traceIdHigh(int span) {
    return (long) LONGS.get(body, spans[span * STRIDE + TRACE_ID]);
  }

  public long traceIdLow(int span) {
    return (long) LONGS.get(body, spans[span * STRIDE + TRACE_ID] + 8);
  }

  public int spanIdLength(int span) {
    return spans[span * STRIDE + SPAN_ID_LENGTH];
  }

  public boolean spanIdIsZero(int span) {
    return isZero(spans[span * STRIDE + SPAN_ID], spanIdLength(span));
  }

  public boolean hasParent(int span) {
    return spans[span * STRIDE + PARENT_LENGTH] > 0;
  }

  public int flags(int span) {
    return spans[span * STRIDE + FLAGS];
  }

  public long startTimeUnixNano(int span) {
    return times[span * 2];
  }

  public long endTimeUnixNano(int span) {
    return times[span * 2 + 1];
  }

  /** The span's name, decoded (only for messages; validation never needs it). */
  public String name(int span) {
    return new String(
        body,
        spans[span * STRIDE + NAME],
        spans[span * STRIDE + NAME_LENGTH],
        StandardCharsets.UTF_8);
  }

  /**
   * Whether the span may be over the span limits the scanner was given (too many attributes, or an
   * attribute value too long); false means it certainly is not.
   */
  public boolean mayExceedLimits(int span) {
    return overLimits[span];
  }

  /** Where the span's own bytes (the {@code Span} message, without tag and length) are. */
  public int spanOffset(int span) {
    return spans[span * STRIDE + START];
  }

  public int spanLength(int span) {
    return spans[span * STRIDE + LENGTH];
  }

  // ---- changes ----

  public void reject(int span) {
    if (rejected == null) {
      rejected = new boolean[spanCount];
    }
    if (!rejected[span]) {
      rejected[span] = true;
      changes++;
    }
  }

  public boolean isRejected(int span) {
    return rejected != null && rejected[span];
  }

  /** Publishes {@code encoded} (a serialized {@code Span}) in place of the span as received. */
  public void replace(int span, byte[] encoded) {
    if (replacements == null) {
      replacements = new byte[spanCount][];
    }
    if (replacements[span] == null) {
      changes++;
    }
    replacements[span] = encoded;
  }

  /** True when no span was rejected or replaced: the received bytes are the request to publish. */
  public boolean unchanged() {
    return changes == 0;
  }

  // ---- writing ----

  /**
   * Consecutive spans {@code [from, to)} published as one message; rejected spans among them are
   * left out.
   *
   * @param size an upper bound of the encoded size
   * @param oversized a single span that alone is over the limit: it cannot be published
   */
  public record Part(int from, int to, long size, boolean oversized) {}

  /**
   * Groups the kept spans into parts whose encoded size stays under {@code maxBytes}, each span
   * with its resource and scope. A span that alone is over the limit becomes a part of its own,
   * marked oversized, for the caller to reject.
   */
  public List<Part> split(int maxBytes) {
    List<Part> parts = new ArrayList<>();
    int from = -1;
    long size = 0;
    int lastScope = -1;
    int lastResource = -1;
    for (int i = 0; i < spanCount; i++) {
      if (isRejected(i)) {
        continue;
      }
      int scope = spans[i * STRIDE + SCOPE];
      int resource = scopes[scope * 3 + 2];
      long record = record(spanSize(i));
      long alone = record + header(scopeRanges(scope)) + header(resourceRanges(resource));
      long added =
          record
              + (scope == lastScope ? 0 : header(scopeRanges(scope)))
              + (resource == lastResource ? 0 : header(resourceRanges(resource)));
      if (from >= 0 && size + added > maxBytes) {
        parts.add(new Part(from, i, size, false));
        from = -1;
      }
      if (from < 0) {
        if (alone > maxBytes) {
          parts.add(new Part(i, i + 1, alone, true));
          lastScope = -1;
          lastResource = -1;
          continue;
        }
        from = i;
        size = alone;
      } else {
        size += added;
      }
      lastScope = scope;
      lastResource = resource;
    }
    if (from >= 0) {
      parts.add(new Part(from, spanCount, size, false));
    }
    return parts;
  }

  /** The {@code ExportTraceServiceRequest} of the kept spans of {@code part}. */
  public byte[] encode(Part part) {
    // Pass 1: content size of every scope and resource that has a kept span in the part.
    int[] scopeSize = new int[scopeCount];
    int[] resourceSize = new int[resourceCount];
    int firstScope = -1;
    int lastScope = -1;
    for (int i = part.from(); i < part.to(); i++) {
      if (isRejected(i)) {
        continue;
      }
      int scope = spans[i * STRIDE + SCOPE];
      if (firstScope < 0) {
        firstScope = scope;
      }
      lastScope = scope;
      scopeSize[scope] += record(spanSize(i));
    }
    if (firstScope < 0) {
      return new byte[0];
    }
    for (int s = firstScope; s <= lastScope; s++) {
      if (scopeSize[s] > 0) {
        scopeSize[s] += scopeRanges(s);
        resourceSize[scopes[s * 3 + 2]] += record(scopeSize[s]);
      }
    }
    int total = 0;
    for (int r = scopes[firstScope * 3 + 2]; r <= scopes[lastScope * 3 + 2]; r++) {
      if (resourceSize[r] > 0) {
        resourceSize[r] += resourceRanges(r);
        total += record(resourceSize[r]);
      }
    }
    // Pass 2: write, copying everything but the changed spans.
    byte[] out = new byte[total];
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      int i = part.from();
      while (i < part.to()) {
        if (isRejected(i)) {
          i++;
          continue;
        }
        int resource = scopes[spans[i * STRIDE + SCOPE] * 3 + 2];
        coded.writeTag(1, 2); // ExportTraceServiceRequest.resource_spans
        coded.writeUInt32NoTag(resourceSize[resource]);
        resourceRanges.copy(coded, body, resources[resource * 2], resources[resource * 2 + 1]);
        while (i < part.to() && scopes[spans[i * STRIDE + SCOPE] * 3 + 2] == resource) {
          int scope = spans[i * STRIDE + SCOPE];
          if (scopeSize[scope] == 0) {
            i++;
            continue;
          }
          coded.writeTag(2, 2); // ResourceSpans.scope_spans
          coded.writeUInt32NoTag(scopeSize[scope]);
          scopeRanges.copy(coded, body, scopes[scope * 3], scopes[scope * 3 + 1]);
          for (; i < part.to() && spans[i * STRIDE + SCOPE] == scope; i++) {
            if (isRejected(i)) {
              continue;
            }
            coded.writeTag(2, 2); // ScopeSpans.spans
            byte[] replacement = replacements == null ? null : replacements[i];
            if (replacement != null) {
              coded.writeUInt32NoTag(replacement.length);
              coded.writeRawBytes(replacement);
            } else {
              coded.writeUInt32NoTag(spanLength(i));
              coded.writeRawBytes(body, spanOffset(i), spanLength(i));
            }
          }
        }
      }
      coded.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("the sizes computed for the request are wrong", e);
    }
    return out;
  }

  private int spanSize(int span) {
    byte[] replacement = replacements == null ? null : replacements[span];
    return replacement != null ? replacement.length : spanLength(span);
  }

  /** Tag, length and content of a length-delimited field (all OTLP field numbers here are < 16). */
  private static int record(int contentSize) {
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(contentSize) + contentSize;
  }

  /** An upper bound of a resource or scope wrapper: tag, the longest length prefix, ranges. */
  private static long header(int rangeBytes) {
    return 6L + rangeBytes;
  }

  private int scopeRanges(int scope) {
    return scopeRanges.bytes(scopes[scope * 3], scopes[scope * 3 + 1]);
  }

  private int resourceRanges(int resource) {
    return resourceRanges.bytes(resources[resource * 2], resources[resource * 2 + 1]);
  }

  private boolean isZero(int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (body[i] != 0) {
        return false;
      }
    }
    return true;
  }

  // ---- building, for the scanner ----

  int addResource() {
    if ((resourceCount + 1) * 2 > resources.length) {
      resources = Arrays.copyOf(resources, resources.length * 2);
    }
    resources[resourceCount * 2] = resourceRanges.count;
    resources[resourceCount * 2 + 1] = resourceRanges.count;
    return resourceCount++;
  }

  int addScope(int resource) {
    if ((scopeCount + 1) * 3 > scopes.length) {
      scopes = Arrays.copyOf(scopes, scopes.length * 2);
    }
    scopes[scopeCount * 3] = scopeRanges.count;
    scopes[scopeCount * 3 + 1] = scopeRanges.count;
    scopes[scopeCount * 3 + 2] = resource;
    return scopeCount++;
  }

  /** A field of the last added resource, other than its scopes, kept verbatim. */
  void addResourceRange(int resource, int from, int to) {
    resources[resource * 2 + 1] =
        resourceRanges.add(resources[resource * 2], resources[resource * 2 + 1], from, to);
  }

  /** A field of the last added scope, other than its spans, kept verbatim. */
  void addScopeRange(int scope, int from, int to) {
    scopes[scope * 3 + 1] = scopeRanges.add(scopes[scope * 3], scopes[scope * 3 + 1], from, to);
  }

  int addSpan(int scope, int start, int length) {
    if ((spanCount + 1) * STRIDE > spans.length) {
      spans = Arrays.copyOf(spans, spans.length * 2);
      times = Arrays.copyOf(times, times.length * 2);
      overLimits = Arrays.copyOf(overLimits, overLimits.length * 2);
    }
    int at = spanCount * STRIDE;
    Arrays.fill(spans, at, at + STRIDE, 0);
    spans[at + START] = start;
    spans[at + LENGTH] = length;
    spans[at + SCOPE] = scope;
    times[spanCount * 2] = 0;
    times[spanCount * 2 + 1] = 0;
    overLimits[spanCount] = false;
    return spanCount++;
  }

  void traceId(int span, int offset, int length) {
    spans[span * STRIDE + TRACE_ID] = offset;
    spans[span * STRIDE + TRACE_ID_LENGTH] = length;
  }

  void spanId(int span, int offset, int length) {
    spans[span * STRIDE + SPAN_ID] = offset;
    spans[span * STRIDE + SPAN_ID_LENGTH] = length;
  }

  void parentLength(int span, int length) {
    spans[span * STRIDE + PARENT_LENGTH] = length;
  }

  void flags(int span, int flags) {
    spans[span * STRIDE + FLAGS] = flags;
  }

  void name(int span, int offset, int length) {
    spans[span * STRIDE + NAME] = offset;
    spans[span * STRIDE + NAME_LENGTH] = length;
  }

  void startTime(int span, long nanos) {
    times[span * 2] = nanos;
  }

  void endTime(int span, long nanos) {
    times[span * 2 + 1] = nanos;
  }

  void overLimits(int span) {
    overLimits[span] = true;
  }

  /** Pairs [from, to) of body offsets, appended by one owner after the other. */
  private static final class Ranges {
    private int[] pairs = new int[16];
    private int count;

    /** Appends to the owner whose ranges are [first, end), returning the owner's new end. */
    int add(int first, int end, int from, int to) {
      if (end > first && end == count && pairs[count * 2 - 1] == from) {
        pairs[count * 2 - 1] = to; // adjacent to the owner's last range
        return end;
      }
      if ((count + 1) * 2 > pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[count * 2] = from;
      pairs[count * 2 + 1] = to;
      return ++count;
    }

    int bytes(int first, int end) {
      int bytes = 0;
      for (int r = first; r < end; r++) {
        bytes += pairs[r * 2 + 1] - pairs[r * 2];
      }
      return bytes;
    }

    void copy(CodedOutputStream coded, byte[] body, int first, int end) throws IOException {
      for (int r = first; r < end; r++) {
        coded.writeRawBytes(body, pairs[r * 2], pairs[r * 2 + 1] - pairs[r * 2]);
      }
    }
  }
}
