package io.lumina.worker.alerts;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs {@link AlertEvaluator} every {@code lumina.alerts.evaluate-interval} on a thread of its own. */
@Component
class AlertEvaluationLoop implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(AlertEvaluationLoop.class);

  private final AlertEvaluator evaluator;
  private final AlertsProperties properties;
  private volatile ScheduledExecutorService executor;

  AlertEvaluationLoop(AlertEvaluator evaluator, AlertsProperties properties) {
    this.evaluator = evaluator;
    this.properties = properties;
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      log.info("alert evaluation is off in this replica (lumina.alerts.enabled=false)");
      return;
    }
    executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("alert-evaluator").factory());
    try {
      executor.scheduleWithFixedDelay(this::tick, 0, properties.evaluateInterval().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // stopped while starting
    }
  }

  private void tick() {
    try {
      evaluator.evaluateOnce();
    } catch (RuntimeException e) {
      // the next tick retries; a failure must not cancel the schedule
      log.warn("alert evaluation failed: {}", e.toString());
    }
  }

  @Override
  public void stop() {
    ScheduledExecutorService current = executor;
    executor = null;
    if (current != null) {
      current.shutdown();
      try {
        current.awaitTermination(10, TimeUnit.SECONDS);
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
