package io.lumina.worker.quality;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@link ResponseQualityScorer} on a thread of its own: straight on while batches come back full,
 * pausing {@code lumina.quality.poll-interval} when the backlog is drained or the database fails. Its
 * own thread, so a slow remote scorer never delays the consumer, the alert evaluator or deliveries.
 */
@Component
class QualityScoringLoop implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(QualityScoringLoop.class);

  private final ResponseQualityScorer scorer;
  private final QualityProperties properties;
  private volatile ScheduledExecutorService executor;

  QualityScoringLoop(ResponseQualityScorer scorer, QualityProperties properties) {
    this.scorer = scorer;
    this.properties = properties;
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      log.info("quality scoring is off (lumina.quality.enabled=false)");
      return;
    }
    executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("quality-scoring").factory());
    executor.schedule(this::tick, 0, TimeUnit.MILLISECONDS);
    log.info("quality scoring with the {} scorer", properties.scorer());
  }

  private void tick() {
    long delay = properties.pollInterval().toMillis();
    try {
      if (scorer.scoreBatch() >= properties.batchSize()) {
        delay = 0;
      }
    } catch (RuntimeException e) {
      log.warn("quality scoring failed, retrying in {}: {}", properties.pollInterval(), e.toString());
    }
    ScheduledExecutorService current = executor;
    if (current != null) {
      try {
        current.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
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
        current.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    scorer.close();
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
