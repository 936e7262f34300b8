package io.lumina.worker.notify;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Polls the delivery outbox on a thread of its own: straight on while a full batch was due, else every
 * {@code lumina.alerts.delivery.poll-interval}. Deliveries live in PostgreSQL, so a restart loses none.
 */
@Component
class DeliveryLoop implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);

  private final DeliveryDispatcher dispatcher;
  private final DeliveryProperties properties;
  private volatile ScheduledExecutorService executor;

  DeliveryLoop(DeliveryDispatcher dispatcher, DeliveryProperties properties) {
    this.dispatcher = dispatcher;
    this.properties = properties;
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      log.info("alert delivery is off in this replica (lumina.alerts.delivery.enabled=false)");
      return;
    }
    executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("alert-delivery").factory());
    schedule(0);
  }

  private void tick() {
    long delay = properties.pollInterval().toMillis();
    try {
      if (dispatcher.dispatchOnce() >= properties.batchSize()) {
        delay = 0;
      }
    } catch (RuntimeException e) {
      log.warn("alert delivery poll failed: {}", e.toString());
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
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
