package io.lumina.worker.consume;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch write at a time, on a thread of its own, so the consuming thread decodes the next batch
 * while this one is written (a one-deep pipeline); or in the caller's thread when pipelining is
 * off. The consuming thread waits for the write before it hands over the next batch, so at most one
 * batch is being written and one assembled per consuming thread.
 */
final class BatchWriteAhead implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BatchWriteAhead.class);

  private final ExecutorService executor;
  private final Duration closeWait;
  private Future<?> inFlight;

  private BatchWriteAhead(ExecutorService executor, Duration closeWait) {
    this.executor = executor;
    this.closeWait = closeWait;
  }

  /**
   * @param threadName the writing thread's name
   * @param closeWait how long {@link #close} waits for the write in flight (its messages are
   *     redelivered after the ack wait anyway)
   */
  static BatchWriteAhead onThread(String threadName, Duration closeWait) {
    return new BatchWriteAhead(
        Executors.newSingleThreadExecutor(Thread.ofPlatform().name(threadName).factory()),
        closeWait);
  }

  static BatchWriteAhead inline() {
    return new BatchWriteAhead(null, Duration.ZERO);
  }

  /** Starts {@code write}; the previous one must have been awaited. */
  void submit(Runnable write) {
    if (inFlight != null) {
      throw new IllegalStateException("the previous write was not awaited");
    }
    if (executor == null) {
      write.run();
    } else {
      inFlight = executor.submit(write);
    }
  }

  /**
   * Waits for the write in flight, if any, and throws what it threw (an {@link Error} included, so
   * the consuming thread dies of it as it would have writing itself).
   */
  void await() throws InterruptedException {
    Future<?> f = inFlight;
    if (f == null) {
      return;
    }
    try {
      f.get();
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case Error error -> throw error;
        case RuntimeException runtime -> throw runtime;
        default -> throw new IllegalStateException(e.getCause());
      }
    } finally {
      if (f.isDone()) {
        inFlight = null;
      }
    }
  }

  /** Waits, up to {@code closeWait}, for the write in flight to end, whatever it ends with. */
  void awaitQuietly() {
    Future<?> f = inFlight;
    if (f == null) {
      return;
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + closeWait.toNanos();
    while (!f.isDone() && System.nanoTime() < deadline) {
      try {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (Exception e) {
        break; // it ended; what it threw was the writer's to handle
      }
    }
    if (f.isDone()) {
      inFlight = null;
    } else {
      log.warn("a batch write did not end within {}; its messages are redelivered", closeWait);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    awaitQuietly();
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
