package io.lumina.worker.consume;

import io.lumina.queue.QueuedBatch;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.storage.spans.IncomingSpan;
import io.lumina.storage.spans.SpanWriteException;
import io.lumina.storage.spans.SpanWriter;
import io.lumina.worker.config.WorkerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The worker's main loop: fetch a batch, decode, normalize and price it, write it in one
 * transaction, and only then acknowledge (docs/decisions/0002-ack-after-commit.md).
 *
 * <ul>
 *   <li>PostgreSQL unavailable: nothing is acknowledged, the messages in hand go back to the queue,
 *       and consumers stop fetching until {@link DatabaseGate} sees the database again.
 *   <li>A message that cannot be read goes to the dead-letter subject at once; a batch that fails
 *       for its content is written again message by message, so one bad message cannot hold up the
 *       others, and a message that keeps failing is dead-lettered after {@code maxDeliveries}.
 *   <li>Shutdown: the batch in hand is finished (written and acknowledged) before the thread exits.
 * </ul>
 */
@Component
class SpanConsumerLoop implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SpanConsumerLoop.class);

  private final SpanQueueConsumer consumer;
  private final SpanBatchDecoder decoder;
  private final SpanWriter writer;
  private final DatabaseGate database;
  private final WorkerProperties settings;
  private final Counter spansStored;
  private final Counter spansDuplicate;
  private final Counter spansSampledOut;
  private final Counter spansExpired;
  private final Counter redeliveries;
  private final Counter deadLettersUnreadable;
  private final Counter deadLettersFailed;
  private final DistributionSummary batchSpans;
  private final DistributionSummary batchMessages;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  /** One decoded message waiting for its batch to be committed. */
  private record Pending(QueuedBatch delivery, SpanBatchDecoder.Decoded decoded) {}

  SpanConsumerLoop(
      SpanQueueConsumer consumer,
      SpanBatchDecoder decoder,
      SpanWriter writer,
      DatabaseGate database,
      WorkerProperties settings,
      MeterRegistry meters) {
    this.consumer = consumer;
    this.decoder = decoder;
    this.writer = writer;
    this.database = database;
    this.settings = settings;
    this.spansStored =
        Counter.builder("lumina.worker.spans.stored")
            .description("spans newly written to PostgreSQL (its rate is spans stored per second)")
            .register(meters);
    this.spansDuplicate =
        Counter.builder("lumina.worker.spans.duplicate")
            .description("spans received again (redelivery, client retry) and left unchanged")
            .register(meters);
    this.spansSampledOut =
        Counter.builder("lumina.worker.spans.dropped")
            .tag("reason", "sampled")
            .description("spans not stored, by reason")
            .register(meters);
    this.spansExpired =
        Counter.builder("lumina.worker.spans.dropped")
            .tag("reason", "expired")
            .description("spans not stored, by reason")
            .register(meters);
    this.redeliveries =
        Counter.builder("lumina.worker.redeliveries")
            .description("messages delivered more than once")
            .register(meters);
    this.deadLettersUnreadable =
        Counter.builder("lumina.worker.dead.letters")
            .tag("reason", "unreadable")
            .description("messages moved to the dead-letter subject, by reason")
            .register(meters);
    this.deadLettersFailed =
        Counter.builder("lumina.worker.dead.letters")
            .tag("reason", "failed")
            .description("messages moved to the dead-letter subject, by reason")
            .register(meters);
    this.batchSpans =
        DistributionSummary.builder("lumina.worker.batch.size")
            .description("spans per committed batch")
            .baseUnit("spans")
            .register(meters);
    this.batchMessages =
        DistributionSummary.builder("lumina.worker.batch.messages")
            .description("messages per committed batch")
            .baseUnit("messages")
            .register(meters);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (int i = 0; i < settings.consumers(); i++) {
      threads.add(Thread.ofPlatform().name("span-consumer-" + i).start(this::run));
    }
  }

  @Override
  public synchronized void stop() {
    // Graceful: each thread finishes the batch in hand (write, then ack), then exits.
    running = false;
    database.wakeAll();
    long deadline =
        System.nanoTime() + settings.ackWait().toNanos() + settings.fetchWait().toNanos();
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    threads.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try {
        if (!database.awaitAvailable(() -> running)) {
          return;
        }
        List<QueuedBatch> deliveries = consumer.fetch(settings.batchSize(), settings.fetchWait());
        if (!deliveries.isEmpty()) {
          process(deliveries);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("unexpected error in consumer loop; continuing", e);
        database.pause(settings.retryBackoff().toMillis());
      }
    }
  }

  void process(List<QueuedBatch> deliveries) {
    List<Pending> readable = new ArrayList<>(deliveries.size());
    for (int i = 0; i < deliveries.size(); i++) {
      QueuedBatch delivery = deliveries.get(i);
      if (delivery.deliveryCount() > 1) {
        redeliveries.increment();
      }
      try {
        readable.add(new Pending(delivery, decoder.decode(delivery.batch())));
      } catch (PoisonMessageException e) {
        deadLetter(delivery, e.getMessage(), deadLettersUnreadable);
      } catch (DatabaseUnavailableException e) {
        // The database is gone while pricing or scoring: give everything back, as for a failed
        // write.
        readable.forEach(p -> p.delivery().retryLater(settings.retryBackoff()));
        deliveries
            .subList(i, deliveries.size())
            .forEach(d -> d.retryLater(settings.retryBackoff()));
        database.markDown(e);
        return;
      } catch (RuntimeException e) {
        log.warn("cannot process message {}: {}", delivery.batch().messageId(), e.toString());
        failed(delivery, "cannot process: " + e);
      }
    }
    if (!readable.isEmpty()) {
      store(readable);
    }
  }

  private void store(List<Pending> group) {
    List<IncomingSpan> spans = new ArrayList<>();
    for (Pending p : group) {
      spans.addAll(p.decoded().spans());
    }
    int inserted;
    try {
      inserted = writer.write(spans);
    } catch (SpanWriteException e) {
      onWriteFailure(group, e);
      return;
    }
    group.forEach(p -> p.delivery().ack());
    spansStored.increment(inserted);
    spansDuplicate.increment(spans.size() - inserted);
    batchSpans.record(spans.size());
    batchMessages.record(group.size());
    for (Pending p : group) {
      spansSampledOut.increment(p.decoded().sampledOut());
      spansExpired.increment(p.decoded().expired());
    }
  }

  private void onWriteFailure(List<Pending> group, SpanWriteException e) {
    if (database.isOutageNow(e)) {
      group.forEach(p -> p.delivery().retryLater(settings.retryBackoff()));
      database.markDown(e);
      return;
    }
    if (group.size() > 1) {
      // Perhaps one message is bad: write them one by one to find it.
      log.warn(
          "batch of {} messages failed ({}); writing them one by one",
          group.size(),
          e.getMessage());
      for (Pending p : group) {
        if (database.isUp()) {
          store(List.of(p));
        } else {
          p.delivery().retryLater(settings.retryBackoff());
        }
      }
      return;
    }
    Pending only = group.getFirst();
    log.warn(
        "message {} failed: {} ({})",
        only.delivery().batch().messageId(),
        e.getMessage(),
        e.sqlState());
    failed(only.delivery(), "write failed (SQLState " + e.sqlState() + "): " + e.getMessage());
  }

  /** A failure of this message's content: try again later, or give up after maxDeliveries. */
  private void failed(QueuedBatch delivery, String reason) {
    if (delivery.deliveryCount() >= settings.maxDeliveries()) {
      deadLetter(
          delivery,
          "failed " + delivery.deliveryCount() + " times, last: " + reason,
          deadLettersFailed);
    } else {
      delivery.retryLater(settings.retryBackoff());
    }
  }

  private void deadLetter(QueuedBatch delivery, String reason, Counter counter) {
    log.warn(
        "dead-lettering message {} after {} deliveries: {}",
        delivery.batch().messageId(),
        delivery.deliveryCount(),
        reason);
    delivery.deadLetter(reason);
    counter.increment();
  }
}
