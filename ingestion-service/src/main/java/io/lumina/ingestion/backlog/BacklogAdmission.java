package io.lumina.ingestion.backlog;

import io.lumina.queue.QueueBacklog;
import io.lumina.queue.SpanQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses new requests while the queue's backlog (what no worker has committed yet) is over its
 * limit. The backlog is read on a background thread every {@code refreshInterval} and requests are
 * judged by the last reading, so admission costs a volatile read. When the backlog cannot be read
 * (queue unreachable) requests are admitted: the publish then fails on its own with a 503, and a
 * stale reading must not refuse traffic forever.
 */
public final class BacklogAdmission implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BacklogAdmission.class);
  private static final QueueBacklog UNKNOWN = new QueueBacklog(0, 0);

  private final SpanQueue queue;
  private final BacklogProperties settings;
  private final Counter refusals;
  private final ScheduledExecutorService refresher;
  private volatile QueueBacklog last = UNKNOWN;
  private volatile boolean readFailed;

  public BacklogAdmission(SpanQueue queue, BacklogProperties settings, MeterRegistry meters) {
    this.queue = queue;
    this.settings = settings;
    this.refusals =
        Counter.builder("lumina.ingestion.backlog.refusals")
            .description("requests refused with 503 because the queue backlog was over its limit")
            .register(meters);
    Gauge.builder("lumina.ingestion.backlog.bytes", this, a -> a.last.bytes())
        .description("unacknowledged bytes in the span queue, as last read")
        .baseUnit("bytes")
        .register(meters);
    Gauge.builder("lumina.ingestion.backlog.messages", this, a -> a.last.messages())
        .description("unacknowledged messages in the span queue, as last read")
        .register(meters);
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("backlog-refresh").daemon().factory());
  }

  /** Starts reading the backlog; a no-op when both limits are off. */
  public void start() {
    if (!settings.enabled()) {
      return;
    }
    long every = settings.refreshInterval().toMillis();
    refresher.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
  }

  /** Reads the backlog once; the scheduled task, and tests that do not want to wait for it. */
  void refresh() {
    try {
      last = queue.backlog();
      if (readFailed) {
        log.info("span queue backlog readable again: {}", last);
      }
      readFailed = false;
    } catch (RuntimeException e) {
      if (!readFailed) {
        log.warn("cannot read the span queue backlog; admitting requests: {}", e.getMessage());
      }
      readFailed = true;
      last = UNKNOWN;
    }
  }

  /**
   * Why a request is refused now, or empty when it is admitted. Each refusal is counted in {@code
   * lumina.ingestion.backlog.refusals}.
   */
  public Optional<String> refusal() {
    QueueBacklog now = last;
    long maxBytes = settings.maxBytes().toBytes();
    String why = null;
    if (maxBytes > 0 && now.bytes() > maxBytes) {
      why = now.bytes() + " bytes waiting, limit " + maxBytes;
    } else if (settings.maxMessages() > 0 && now.messages() > settings.maxMessages()) {
      why = now.messages() + " messages waiting, limit " + settings.maxMessages();
    }
    if (why == null) {
      return Optional.empty();
    }
    refusals.increment();
    return Optional.of("the span queue backlog is over its limit (" + why + "); retry later");
  }

  /** The last reading, for tests and diagnostics. */
  public QueueBacklog lastReading() {
    return last;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
