package io.lumina.worker.alerts;

import io.lumina.worker.background.BackgroundLoop;
import org.springframework.stereotype.Component;

/**
 * Runs {@link AlertEvaluator} every {@code lumina.alerts.evaluate-interval} on a thread of its own.
 */
@Component
class AlertEvaluationLoop extends BackgroundLoop {
  private final AlertEvaluator evaluator;

  AlertEvaluationLoop(AlertEvaluator evaluator, AlertsProperties properties) {
    super("alert-evaluator", properties.enabled(), properties.evaluateInterval());
    this.evaluator = evaluator;
  }

  @Override
  protected boolean runOnce() {
    evaluator.evaluateOnce();
    return false;
  }
}
