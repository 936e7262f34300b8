package io.lumina.ingestion.web;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what requests in progress hold in memory and how many run at once. A request is admitted
 * with a {@link Lease} (one of {@code maxConcurrent} permits) before its body is read, and every
 * buffer it fills or object it builds is charged to the lease before it is allocated: the declared
 * {@code Content-Length} up front, decompressed bytes as they are produced, conversions and
 * re-encodings before they run. Over the budget the request is refused at once with 503 and {@code
 * Retry-After}, instead of growing the heap until it fails (docs/ingestion.md, "Overload").
 *
 * <p>Requests that grow over {@code maxBytes / 64} may together hold at most half of the budget, so
 * a flood of maximum-size uploads leaves the other half to ordinary clients.
 */
public final class InFlightBudget {
  /**
   * What converting a JSON body (OTLP JSON, Zipkin) is charged per byte of JSON before it runs: the
   * message objects and their protobuf encoding come to a few times the text.
   */
  public static final int JSON_EXPANSION = 4;

  private final long maxBytes;
  private final long largeRequest;
  private final Semaphore permits;
  private final int maxConcurrent;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong usedByLarge = new AtomicLong();

  public InFlightBudget(long maxBytes) {
    this(maxBytes, Integer.MAX_VALUE);
  }

  public InFlightBudget(long maxBytes, int maxConcurrent) {
    this.maxBytes = maxBytes;
    this.largeRequest = Math.max(1, maxBytes / 64);
    this.maxConcurrent = maxConcurrent;
    this.permits = new Semaphore(maxConcurrent);
  }

  /**
   * Admits a request, charging {@code declaredBytes} (its {@code Content-Length}, or 0 when
   * unknown) before anything is read.
   *
   * @throws BodyRejectedException 503 when too many requests are in progress or the bytes do not
   *     fit now
   */
  public Lease admit(long declaredBytes) throws BodyRejectedException {
    if (!permits.tryAcquire()) {
      throw BodyRejectedException.overloaded(
          "ingestion is handling its maximum of "
              + maxConcurrent
              + " concurrent requests; retry later");
    }
    Lease lease = new Lease();
    try {
      lease.charge(Math.max(0, declaredBytes));
    } catch (BodyRejectedException e) {
      lease.close();
      throw e;
    }
    return lease;
  }

  public long used() {
    return used.get();
  }

  /**
   * Adds {@code bytes} unless that goes over {@code max}; a request whose own {@code mine} bytes
   * are all the counter holds may exceed it, so a single request larger than the budget still
   * passes when nothing else is in flight.
   */
  private static boolean tryAdd(AtomicLong counter, long bytes, long max, long mine) {
    while (true) {
      long current = counter.get();
      if (current + bytes > max && current != mine) {
        return false;
      }
      if (counter.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  /** One request's share of the budget; closing it gives everything back. Not thread-safe. */
  public final class Lease implements AutoCloseable {
    private long charged;
    private boolean large;
    private boolean closed;

    private Lease() {}

    /**
     * Takes {@code bytes} more for this request.
     *
     * @throws BodyRejectedException 503 when they do not fit now
     */
    public void charge(long bytes) throws BodyRejectedException {
      if (bytes <= 0) {
        return;
      }
      boolean becomesLarge = !large && charged + bytes > largeRequest;
      // a request turning large moves what it already holds into the large share too
      long largeBytes = large ? bytes : becomesLarge ? charged + bytes : 0;
      if (becomesLarge || large) {
        if (!tryAdd(usedByLarge, largeBytes, maxBytes / 2, large ? charged : 0)) {
          throw overBudget();
        }
        if (!tryAdd(used, bytes, maxBytes, charged)) {
          usedByLarge.addAndGet(-largeBytes);
          throw overBudget();
        }
        large = true;
      } else if (!tryAdd(used, bytes, maxBytes, charged)) {
        throw overBudget();
      }
      charged += bytes;
    }

    /** Gives back {@code bytes} of this request's share, e.g. a buffer it no longer holds. */
    public void release(long bytes) {
      long give = Math.min(bytes, charged);
      charged -= give;
      used.addAndGet(-give);
      if (large) {
        usedByLarge.addAndGet(-give);
      }
    }

    public long charged() {
      return charged;
    }

    private BodyRejectedException overBudget() {
      return BodyRejectedException.overloaded(
          "ingestion is at its in-flight memory limit of "
              + maxBytes
              + " bytes while earlier requests are processed; retry later");
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      release(charged);
      permits.release();
    }
  }
}
