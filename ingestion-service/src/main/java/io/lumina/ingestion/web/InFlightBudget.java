package io.lumina.ingestion.web;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the request bytes held in memory by requests still waiting for the queue. When NATS is
 * slow, requests pile up; beyond the budget new ones get 503 at once instead of growing the heap
 * until it fails.
 */
public final class InFlightBudget {
  private final long maxBytes;
  private final AtomicLong used = new AtomicLong();

  public InFlightBudget(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Takes {@code bytes} from the budget, or returns false when they do not fit now. */
  public boolean tryAcquire(long bytes) {
    while (true) {
      long current = used.get();
      // A single request larger than the whole budget still passes when nothing else is in flight.
      if (current > 0 && current + bytes > maxBytes) {
        return false;
      }
      if (used.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  public void release(long bytes) {
    used.addAndGet(-bytes);
  }

  public long used() {
    return used.get();
  }
}
