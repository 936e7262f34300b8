package io.lumina.sdk;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Finished spans of traces the sampling rate dropped, held per trace until the trace is decided:
 *
 * <ul>
 *   <li>a span matching a condition keeps its trace at once: what is held is exported, and so is
 *       every later span of that trace;
 *   <li>the local root ending with nothing matched drops the trace (sampled out);
 *   <li>a trace held longer than the timeout is dropped (timed out);
 *   <li>to stay within the span and byte bounds, the oldest traces are dropped first.
 * </ul>
 *
 * Decisions are remembered for a while so that spans ending after their root follow them; a span
 * matching a condition is exported even when its trace was dropped. Used by one thread only (the
 * processor's worker); the counters may be read from any thread.
 */
final class TraceBuffer {

  /** How many decided trace ids are remembered for late spans. */
  static final int DECISIONS_REMEMBERED = 16_384;

  private static final class Pending {
    final List<ReadableSpan> spans = new ArrayList<>(4);
    final long firstSeenNanos;
    long bytes;

    Pending(long firstSeenNanos) {
      this.firstSeenNanos = firstSeenNanos;
    }
  }

  private final KeepConditions conditions;
  private final Consumer<ReadableSpan> export;
  private final long maxSpans;
  private final long maxBytes;
  private final long timeoutNanos;
  private final LongSupplier nanoClock;

  // insertion order = age: eviction and expiry take the oldest first
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  private final LinkedHashMap<String, Boolean> decided =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > DECISIONS_REMEMBERED;
        }
      };

  private long spans;
  private long bytes;
  private final AtomicLong bufferedSpans = new AtomicLong();
  private final AtomicLong bufferedBytes = new AtomicLong();
  private final AtomicLong peakSpans = new AtomicLong();
  private final AtomicLong peakBytes = new AtomicLong();
  private final AtomicLong kept = new AtomicLong();
  private final AtomicLong sampledOut = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  TraceBuffer(
      KeepConditions conditions,
      Consumer<ReadableSpan> export,
      long maxSpans,
      long maxBytes,
      long timeoutNanos,
      LongSupplier nanoClock) {
    this.conditions = conditions;
    this.export = export;
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
    this.timeoutNanos = timeoutNanos;
    this.nanoClock = nanoClock;
  }

  void accept(ReadableSpan span) {
    SpanData data = span.toSpanData();
    String traceId = data.getTraceId();
    boolean matches = conditions.matches(data);
    Boolean decision = decided.get(traceId);
    if (decision != null) {
      if (decision || matches) {
        export.accept(span);
      } else {
        dropped.incrementAndGet();
      }
      return;
    }
    Pending trace = pending.get(traceId);
    if (matches) {
      decided.put(traceId, Boolean.TRUE);
      kept.incrementAndGet();
      if (trace != null) {
        release(traceId, trace);
        trace.spans.forEach(export);
      }
      export.accept(span);
      return;
    }
    if (isLocalRoot(span.getParentSpanContext())) {
      decided.put(traceId, Boolean.FALSE);
      sampledOut.incrementAndGet();
      if (trace != null) {
        release(traceId, trace);
      }
      return;
    }
    hold(traceId, trace, span, SpanSizes.estimate(data));
  }

  /** Drops the traces held longer than the timeout. */
  void expire() {
    long now = nanoClock.getAsLong();
    Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Pending> e = it.next();
      if (now - e.getValue().firstSeenNanos < timeoutNanos) {
        return; // the rest are younger
      }
      it.remove();
      forget(e.getKey(), e.getValue());
      timedOut.incrementAndGet();
    }
  }

  /** At shutdown: what is still held will never be decided. */
  void dropAll() {
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      forget(e.getKey(), e.getValue());
    }
    pending.clear();
  }

  private void hold(String traceId, Pending trace, ReadableSpan span, long size) {
    if (size > maxBytes) {
      dropped.incrementAndGet();
      return;
    }
    while (spans + 1 > maxSpans || bytes + size > maxBytes) {
      Iterator<Map.Entry<String, Pending>> oldest = pending.entrySet().iterator();
      Map.Entry<String, Pending> e = oldest.next();
      oldest.remove();
      forget(e.getKey(), e.getValue());
      if (e.getValue() == trace) {
        dropped.incrementAndGet(); // its own trace was the oldest: the span goes with it
        return;
      }
    }
    if (trace == null) {
      trace = new Pending(nanoClock.getAsLong());
      pending.put(traceId, trace);
    }
    trace.spans.add(span);
    trace.bytes += size;
    spans++;
    bytes += size;
    publish();
  }

  /** Removes a trace's spans from the totals (the caller exports or forgets them). */
  private void release(String traceId, Pending trace) {
    pending.remove(traceId);
    spans -= trace.spans.size();
    bytes -= trace.bytes;
    publish();
  }

  /** Drops a trace's spans, counted, and drops its later spans too. */
  private void forget(String traceId, Pending trace) {
    spans -= trace.spans.size();
    bytes -= trace.bytes;
    dropped.addAndGet(trace.spans.size());
    decided.put(traceId, Boolean.FALSE);
    publish();
  }

  private void publish() {
    bufferedSpans.set(spans);
    bufferedBytes.set(bytes);
    if (spans > peakSpans.get()) {
      peakSpans.set(spans);
    }
    if (bytes > peakBytes.get()) {
      peakBytes.set(bytes);
    }
  }

  /** The first span of the trace in this process: no parent, or one from another process. */
  static boolean isLocalRoot(SpanContext parent) {
    return !parent.isValid() || parent.isRemote();
  }

  long bufferedSpans() {
    return bufferedSpans.get();
  }

  long bufferedBytes() {
    return bufferedBytes.get();
  }

  long peakSpans() {
    return peakSpans.get();
  }

  long peakBytes() {
    return peakBytes.get();
  }

  long kept() {
    return kept.get();
  }

  long sampledOut() {
    return sampledOut.get();
  }

  long timedOut() {
    return timedOut.get();
  }

  long dropped() {
    return dropped.get();
  }
}
