package io.lumina.worker.background;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A piece of background work on a thread of its own (quality scoring, alert evaluation,
 * deliveries): run once, go straight on while there is more to do, otherwise wait the idle delay. A
 * failed round is logged and retried after the idle delay; it never ends the loop. Stopping lets
 * the round in hand finish.
 */
public abstract class BackgroundLoop implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

  private final String name;
  private final boolean enabled;
  private final Duration idleDelay;
  private volatile ScheduledExecutorService executor;

  /**
   * @param name the thread's name, also used in log lines
   * @param enabled false keeps the loop off in this replica (its setting says so in the log)
   * @param idleDelay the pause after a round that left nothing to do, or failed
   */
  protected BackgroundLoop(String name, boolean enabled, Duration idleDelay) {
    this.name = name;
    this.enabled = enabled;
    this.idleDelay = idleDelay;
  }

  /** One round of work; true when more is waiting and the next round should start at once. */
  protected abstract boolean runOnce();

  /** Called once the loop has stopped, to release what the work holds. */
  protected void afterStop() {}

  @Override
  public void start() {
    if (!enabled) {
      log.info("{} is off in this replica", name);
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name(name).factory());
    schedule(0);
  }

  private void tick() {
    long delay = idleDelay.toMillis();
    try {
      if (runOnce()) {
        delay = 0;
      }
    } catch (RuntimeException e) {
      log.warn("{} failed, retrying in {}: {}", name, idleDelay, e.toString());
    }
    schedule(delay);
  }

  private void schedule(long delayMillis) {
    ScheduledExecutorService current = executor;
    if (current != null) {
      try {
        current.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // stopping
      }
    }
  }

  @Override
  public void stop() {
    ScheduledExecutorService current = executor;
    executor = null;
    if (current != null) {
      current.shutdown();
      try {
        current.awaitTermination(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    afterStop();
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
