package io.lumina.worker.consume;

import io.lumina.storage.spans.SpanWriteException;
import io.lumina.storage.spans.SpanWriter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether PostgreSQL can take writes. Once a write fails for the database's sake, consumers stop
 * fetching (so nothing more is delivered, and delivery counts do not climb during an outage) and
 * wait here, probing with exponential backoff, until it answers again; then they resume by
 * themselves.
 */
@Component
class DatabaseGate {
  private static final Logger log = LoggerFactory.getLogger(DatabaseGate.class);

  private final SpanWriter database;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Object signal = new Object();
  private volatile boolean up = true;

  DatabaseGate(
      SpanWriter database,
      io.lumina.worker.consume.WorkerProperties settings,
      MeterRegistry meters) {
    this.database = database;
    this.firstBackoff = settings.retryBackoff();
    this.maxBackoff = settings.maxBackoff();
    Gauge.builder("lumina.worker.database.up", this, g -> g.up ? 1 : 0)
        .description("1 while PostgreSQL takes writes, 0 while the worker waits for it")
        .register(meters);
  }

  boolean isUp() {
    return up;
  }

  void markDown(Exception cause) {
    if (up) {
      log.warn("PostgreSQL unavailable ({}); consumers pause and probe it", cause.getMessage());
    }
    up = false;
  }

  /**
   * Returns at once while the database is up; otherwise probes it with backoff until it answers
   * (true) or {@code running} turns false (false).
   */
  boolean awaitAvailable(BooleanSupplier running) {
    long backoff = firstBackoff.toMillis();
    while (!up) {
      if (!running.getAsBoolean()) {
        return false;
      }
      if (database.check()) {
        log.info("PostgreSQL is back; consumers resume");
        up = true;
        return true;
      }
      pause(backoff);
      backoff = Math.min(backoff * 2, maxBackoff.toMillis());
    }
    return true;
  }

  /** Wakes consumers waiting in {@link #pause} (on shutdown). */
  void wakeAll() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Waits up to {@code millis}, returning early on {@link #wakeAll}. */
  void pause(long millis) {
    synchronized (signal) {
      try {
        signal.wait(Math.max(1, millis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether a failed write says the database (not the data) is the problem; when the error leaves
   * doubt, a database that does not answer is down whatever the error said.
   */
  boolean isOutageNow(SpanWriteException e) {
    return e.isOutage() || !database.check();
  }
}
