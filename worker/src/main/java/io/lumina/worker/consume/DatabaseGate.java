package io.lumina.worker.consume;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
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

  private final DataSource dataSource;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Object signal = new Object();
  private volatile boolean up = true;

  DatabaseGate(
      DataSource dataSource,
      io.lumina.worker.config.WorkerProperties settings,
      MeterRegistry meters) {
    this.dataSource = dataSource;
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
      if (probe()) {
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

  private boolean probe() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Whether a failed write says the database (not the data) is the problem: no connection, the
   * server shutting down or out of resources, or a transient/recoverable driver error. When in
   * doubt the caller probes: a database that does not answer is down whatever the error said.
   */
  static boolean isOutage(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientException
        || e instanceof SQLRecoverableException
        || state == null
        || state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57")
        || state.startsWith("58");
  }

  boolean isOutageNow(SQLException e) {
    return isOutage(e) || !probe();
  }
}
