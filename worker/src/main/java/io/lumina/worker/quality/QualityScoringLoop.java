package io.lumina.worker.quality;

import io.lumina.worker.background.BackgroundLoop;
import org.springframework.stereotype.Component;

/**
 * Runs {@link ResponseQualityScorer} on a thread of its own: straight on while batches come back
 * full, pausing {@code lumina.quality.poll-interval} when the backlog is drained or the database
 * fails. Its own thread, so a slow remote scorer never delays the consumer, the alert evaluator or
 * deliveries.
 */
@Component
class QualityScoringLoop extends BackgroundLoop {
  private final ResponseQualityScorer scorer;
  private final int batchSize;

  QualityScoringLoop(ResponseQualityScorer scorer, QualityProperties properties) {
    super("quality-scoring", properties.enabled(), properties.pollInterval());
    this.scorer = scorer;
    this.batchSize = properties.batchSize();
  }

  @Override
  protected boolean runOnce() {
    return scorer.scoreBatch() >= batchSize;
  }

  @Override
  protected void afterStop() {
    scorer.close();
  }
}
