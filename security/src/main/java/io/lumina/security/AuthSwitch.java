package io.lumina.security;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether authentication is on. It is on when an admin key is configured or any active key exists
 * in the database; while it is off, the database is asked again at most every {@code recheck}, so
 * the first key created (through the admin API, open on loopback while auth is off, or the CLI)
 * turns authentication on in every service within seconds, without a restart.
 *
 * <p>Once on, it stays on for the life of the process, even if every key is later revoked: a
 * running service never silently opens up. (At the next start, no keys means auth off again, and
 * then the bind address rules of {@link SecurityBootstrap} apply.)
 */
public final class AuthSwitch {
  private static final Logger log = LoggerFactory.getLogger(AuthSwitch.class);

  private final BooleanSupplier anyActiveKey;
  private final long recheckNanos;
  private final LongSupplier nanoClock;
  private volatile boolean on;
  private volatile long nextCheckNanos;

  public AuthSwitch(
      boolean initiallyOn, BooleanSupplier anyActiveKey, Duration recheck, LongSupplier nanoClock) {
    this.on = initiallyOn;
    this.anyActiveKey = anyActiveKey;
    this.recheckNanos = recheck.toNanos();
    this.nanoClock = nanoClock;
    this.nextCheckNanos = nanoClock.getAsLong() + recheckNanos;
  }

  /** Always on (a key is configured): never asks the database. */
  public static AuthSwitch alwaysOn() {
    return new AuthSwitch(true, () -> true, Duration.ZERO, System::nanoTime);
  }

  /**
   * Always off, never asks anything: for a service whose requests are guarded by other means (the
   * dashboard with login off, which then must listen on loopback).
   */
  public static AuthSwitch alwaysOff() {
    return new AuthSwitch(false, () -> false, Duration.ZERO, System::nanoTime);
  }

  public boolean enabled() {
    if (on) {
      return true;
    }
    long now = nanoClock.getAsLong();
    if (now - nextCheckNanos < 0) {
      return false;
    }
    synchronized (this) {
      if (!on && now - nextCheckNanos >= 0) {
        nextCheckNanos = now + recheckNanos;
        try {
          if (anyActiveKey.getAsBoolean()) {
            on = true;
            log.info("an API key exists now: authentication is on, every request needs a key");
          }
        } catch (KeyStoreUnavailableException e) {
          log.warn(
              "could not check for API keys ({}); authentication stays off for now",
              e.getMessage());
        }
      }
    }
    return on;
  }
}
