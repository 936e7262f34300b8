package io.lumina.worker.consume;

import io.lumina.queue.SpanQueueConsumer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The consumer lag (messages stored in the stream and not yet acknowledged by any replica), read
 * from JetStream periodically rather than on every scrape, so a slow NATS never slows a scrape.
 */
@Component
public class LagMonitor {
  private final SpanQueueConsumer consumer;
  private volatile double lag = Double.NaN;

  LagMonitor(SpanQueueConsumer consumer, MeterRegistry meters) {
    this.consumer = consumer;
    Gauge.builder("lumina.worker.consumer.lag", this, m -> m.lag)
        .description("messages in the stream not yet acknowledged (NaN while unknown)")
        .baseUnit("messages")
        .register(meters);
  }

  /** Reads the lag now; called on a schedule. */
  public void refresh() {
    long pending = consumer.pending();
    lag = pending < 0 ? Double.NaN : pending;
  }
}
