package io.lumina.sdk;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends sampled spans straight to the export processor and routes the spans of traces the sampling
 * rate dropped through the {@link TraceBuffer}, which keeps those a condition matches.
 *
 * <p>The application thread only does a lock-free, bounded hand-off: a span that finds the hand-off
 * full is dropped and counted, never waited for (local roots have a reserve as large again). One
 * daemon thread moves spans from the hand-off into the buffer, evaluates the conditions (cost
 * included), expires old traces and forwards kept spans to the export processor, which batches,
 * compresses and sends them on its own thread.
 */
final class ConditionalSamplingProcessor implements SpanProcessor {

  private static final Logger LOG = Logger.getLogger(ConditionalSamplingProcessor.class.getName());
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final SpanProcessor export;
  private final TraceBuffer buffer;
  private final int handoffCapacity;
  private final ConcurrentLinkedQueue<ReadableSpan> handoff = new ConcurrentLinkedQueue<>();
  private final AtomicInteger handoffSize = new AtomicInteger();
  private final AtomicLong handoffDropped = new AtomicLong();
  private final ConcurrentLinkedQueue<CompletableResultCode> flushes =
      new ConcurrentLinkedQueue<>();
  private final Thread worker;
  private volatile boolean running = true;
  private boolean failureLogged;

  /**
   * @param export the processor that exports (a batch processor that takes unsampled spans too)
   * @param buffer null when no condition is set: spans the rate drops are then not recorded
   * @param handoffCapacity spans waiting for the worker; beyond, spans are dropped and counted
   */
  ConditionalSamplingProcessor(SpanProcessor export, TraceBuffer buffer, int handoffCapacity) {
    this.export = export;
    this.buffer = buffer;
    this.handoffCapacity = handoffCapacity;
    if (buffer != null) {
      worker = new Thread(this::work, "lumina-sampling-buffer");
      worker.setDaemon(true);
      worker.start();
    } else {
      worker = null;
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled()) {
      export.onEnd(span);
      return;
    }
    if (buffer == null || !running) {
      return;
    }
    // a local root decides its whole trace, so roots get a reserve of the same size: a burst of
    // children never leaves traces waiting for a timeout because their root was dropped
    int limit =
        TraceBuffer.isLocalRoot(span.getParentSpanContext())
            ? 2 * handoffCapacity
            : handoffCapacity;
    if (handoffSize.incrementAndGet() > limit) {
      handoffSize.decrementAndGet();
      handoffDropped.incrementAndGet();
      return;
    }
    handoff.offer(span);
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Hands every span ended so far to the exporter and waits for the export processor's flush. */
  @Override
  public CompletableResultCode forceFlush() {
    if (worker == null || !worker.isAlive()) {
      return export.forceFlush();
    }
    CompletableResultCode result = new CompletableResultCode();
    flushes.add(result);
    LockSupport.unpark(worker);
    if (!worker.isAlive()) { // shut down meanwhile: nobody else will answer
      complete(takeFlushes());
    }
    return result;
  }

  @Override
  public CompletableResultCode shutdown() {
    running = false;
    if (worker != null) {
      LockSupport.unpark(worker);
      try {
        worker.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return export.shutdown();
  }

  long handoffDropped() {
    return handoffDropped.get();
  }

  private void work() {
    while (running) {
      // requests taken before the drain: every span ended before them is in the buffer after it
      List<CompletableResultCode> waiting = takeFlushes();
      int moved = drain();
      buffer.expire();
      complete(waiting);
      if (moved == 0 && waiting.isEmpty()) {
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
      }
    }
    List<CompletableResultCode> waiting = takeFlushes();
    drain();
    buffer.dropAll();
    complete(waiting);
  }

  private int drain() {
    int moved = 0;
    ReadableSpan span;
    while ((span = handoff.poll()) != null) {
      handoffSize.decrementAndGet();
      try {
        buffer.accept(span);
      } catch (RuntimeException | LinkageError e) {
        // one bad span must not stop the worker (and with it every later decision)
        handoffDropped.incrementAndGet();
        if (!failureLogged) {
          failureLogged = true;
          LOG.log(Level.WARNING, "Lumina could not judge a span for conditional sampling", e);
        }
      }
      moved++;
    }
    return moved;
  }

  private List<CompletableResultCode> takeFlushes() {
    if (flushes.isEmpty()) {
      return List.of();
    }
    List<CompletableResultCode> waiting = new ArrayList<>();
    CompletableResultCode r;
    while ((r = flushes.poll()) != null) {
      waiting.add(r);
    }
    return waiting;
  }

  /** Flush requests complete once the export processor has flushed what they asked for. */
  private void complete(List<CompletableResultCode> waiting) {
    if (waiting.isEmpty()) {
      return;
    }
    CompletableResultCode exported = export.forceFlush();
    exported.whenComplete(
        () -> {
          for (CompletableResultCode w : waiting) {
            if (exported.isSuccess()) {
              w.succeed();
            } else {
              w.fail();
            }
          }
        });
  }
}
