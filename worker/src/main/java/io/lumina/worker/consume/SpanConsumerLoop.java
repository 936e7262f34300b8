package io.lumina.worker.consume;

import io.lumina.queue.QueuedBatch;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.worker.config.WorkerProperties;
import io.lumina.worker.store.IncomingSpan;
import io.lumina.worker.store.SpanBatchWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The worker's main loop: fetch a batch, decode, normalize and price it, write it in one transaction,
 * and only then acknowledge. On a database outage nothing is acknowledged and the loop backs off; a
 * batch that fails for its content is retried message by message so one poison message cannot hold
 * up the others, and a message that keeps failing goes to the dead-letter subject.
 */
@Component
class SpanConsumerLoop implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SpanConsumerLoop.class);

  private final SpanQueueConsumer consumer;
  private final SpanBatchDecoder decoder;
  private final SpanBatchWriter writer;
  private final WorkerProperties settings;
  private final Counter spansStored;
  private final Counter redeliveries;
  private final Counter deadLetters;
  private final DistributionSummary batchSize;
  private final AtomicLong lag = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  SpanConsumerLoop(SpanQueueConsumer consumer, SpanBatchDecoder decoder, SpanBatchWriter writer,
      WorkerProperties settings, MeterRegistry meters) {
    this.consumer = consumer;
    this.decoder = decoder;
    this.writer = writer;
    this.settings = settings;
    this.spansStored = Counter.builder("lumina.worker.spans.stored")
        .description("spans written to PostgreSQL (including redelivered duplicates that changed nothing)")
        .register(meters);
    this.redeliveries = Counter.builder("lumina.worker.redeliveries")
        .description("messages delivered more than once").register(meters);
    this.deadLetters = Counter.builder("lumina.worker.dead.letters")
        .description("messages moved to the dead-letter subject").register(meters);
    this.batchSize = DistributionSummary.builder("lumina.worker.batch.size")
        .description("spans per committed batch").register(meters);
    Gauge.builder("lumina.worker.consumer.lag", lag, AtomicLong::get)
        .description("messages in the stream not yet acknowledged").register(meters);
  }

  @Override
  public synchronized void start() {
    running = true;
    for (int i = 0; i < settings.consumers(); i++) {
      Thread t = Thread.ofPlatform().name("span-consumer-" + i).start(this::run);
      threads.add(t);
    }
  }

  @Override
  public void stop() {
    // Graceful: the loop finishes the batch in hand, then exits.
    running = false;
    for (Thread t : threads) {
      try {
        t.join(settings.ackWait().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    threads.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    long lastLagCheck = 0;
    while (running) {
      try {
        List<QueuedBatch> deliveries = consumer.fetch(settings.batchSize(), settings.fetchWait());
        if (!deliveries.isEmpty()) {
          process(deliveries);
        }
        long now = System.nanoTime();
        if (now - lastLagCheck > 2_000_000_000L) {
          lag.set(Math.max(0, consumer.pending()));
          lastLagCheck = now;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("unexpected error in consumer loop; continuing", e);
        sleep(settings.retryBackoff());
      }
    }
  }

  void process(List<QueuedBatch> deliveries) {
    List<IncomingSpan> spans = new ArrayList<>();
    List<QueuedBatch> readable = new ArrayList<>(deliveries.size());
    for (QueuedBatch delivery : deliveries) {
      if (delivery.deliveryCount() > 1) {
        redeliveries.increment();
      }
      try {
        decoder.decode(delivery.batch(), spans);
        readable.add(delivery);
      } catch (PoisonMessageException e) {
        deadLetter(delivery, e.getMessage());
      }
    }
    if (readable.isEmpty()) {
      return;
    }
    try {
      writer.write(spans);
      readable.forEach(QueuedBatch::ack);
      spansStored.increment(spans.size());
      batchSize.record(spans.size());
    } catch (SQLException e) {
      if (isOutage(e) || readable.size() == 1) {
        handleFailure(readable, e);
      } else {
        // Perhaps one message is bad: write them one by one to find it.
        readable.forEach(this::processAlone);
      }
    }
  }

  private void processAlone(QueuedBatch delivery) {
    List<IncomingSpan> spans = new ArrayList<>();
    decoder.decode(delivery.batch(), spans);
    try {
      writer.write(spans);
      delivery.ack();
      spansStored.increment(spans.size());
      batchSize.record(spans.size());
    } catch (SQLException e) {
      handleFailure(List.of(delivery), e);
    }
  }

  private void handleFailure(List<QueuedBatch> deliveries, SQLException e) {
    boolean outage = isOutage(e);
    for (QueuedBatch delivery : deliveries) {
      if (!outage && delivery.deliveryCount() >= settings.maxDeliveries()) {
        deadLetter(delivery, "failed " + delivery.deliveryCount() + " times: " + e.getMessage());
      } else {
        delivery.retryLater(settings.retryBackoff());
      }
    }
    if (outage) {
      log.warn("database unavailable ({}); {} messages will be redelivered, backing off {}",
          e.getMessage(), deliveries.size(), settings.retryBackoff());
      sleep(settings.retryBackoff());
    } else {
      log.warn("batch of {} messages failed: {}", deliveries.size(), e.getMessage());
    }
  }

  private void deadLetter(QueuedBatch delivery, String reason) {
    log.warn("dead-lettering message {} after {} deliveries: {}", delivery.batch().messageId(),
        delivery.deliveryCount(), reason);
    delivery.deadLetter(reason);
    deadLetters.increment();
  }

  /** Connection problems (SQLState class 08, 57P0x shutdown, 53 resources) pass; data errors do not. */
  static boolean isOutage(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientException || state == null || state.startsWith("08")
        || state.startsWith("57P") || state.startsWith("53");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
