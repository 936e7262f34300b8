package io.lumina.worker.notify;

import io.lumina.worker.background.BackgroundLoop;
import org.springframework.stereotype.Component;

/**
 * Polls the delivery outbox on a thread of its own: straight on while a full batch was started,
 * else every {@code lumina.alerts.delivery.poll-interval}. It only starts sends ({@link
 * DeliveryDispatcher#poll}), so a slow endpoint never holds the next poll. Deliveries live in
 * PostgreSQL, so a restart loses none.
 */
@Component
class DeliveryLoop extends BackgroundLoop {
  private final DeliveryDispatcher dispatcher;
  private final int batchSize;

  DeliveryLoop(DeliveryDispatcher dispatcher, DeliveryProperties properties) {
    super("alert-delivery", properties.enabled(), properties.pollInterval());
    this.dispatcher = dispatcher;
    this.batchSize = properties.batchSize();
  }

  @Override
  protected boolean runOnce() {
    return dispatcher.poll() >= batchSize;
  }
}
