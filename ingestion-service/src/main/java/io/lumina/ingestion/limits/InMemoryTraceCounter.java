package io.lumina.ingestion.limits;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts in this process only: for the all-in-one mode, where one ingestion instance runs on an
 * in-process queue and there is no NATS to share a count through. Old days are never read again;
 * their few entries stay until restart.
 */
public final class InMemoryTraceCounter implements TraceCounter {
  private final ConcurrentHashMap<String, Long> counts = new ConcurrentHashMap<>();

  @Override
  public Count tryAdd(String key, long delta, long ceiling) {
    boolean[] added = {false};
    long total =
        counts.compute(
            key,
            (k, current) -> {
              long now = current == null ? 0 : current;
              long next = Math.max(0, now + delta);
              if (delta > 0 && next > ceiling) {
                return now;
              }
              added[0] = true;
              return next;
            });
    return new Count(added[0], total);
  }
}
