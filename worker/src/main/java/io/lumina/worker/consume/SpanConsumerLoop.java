package io.lumina.worker.consume;

import io.lumina.queue.QueuedBatch;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.storage.queue.MessageFailures;
import io.lumina.storage.spans.IncomingSpan;
import io.lumina.storage.spans.SpanWriteException;
import io.lumina.storage.spans.SpanWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The worker's main loop: fetch and decode messages until the batch reaches its span or byte bound
 * ({@link BatchProperties}), write it in one transaction, and only then acknowledge
 * (docs/decisions/0002-ack-after-commit.md). With {@code lumina.worker.pipeline} the write runs on
 * a writing thread of the consuming thread's own ({@link BatchWriteAhead}) while the consuming
 * thread fetches and decodes the next batch; the next batch is handed over only once the write
 * before it has committed and acknowledged, or given its messages back.
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
  private final BatchProperties bounds;
  private final MessageFailures failureCounts;
  private final Counter spansStored;
  private final Counter spansDuplicate;
  private final Counter spansSampledOut;
  private final Counter spansExpired;
  private final Counter redeliveries;
  private final Counter deadLettersUnreadable;
  private final Counter deadLettersFailed;
  private final DistributionSummary batchSpans;
  private final DistributionSummary batchMessages;
  private final DistributionSummary batchBytes;
  private final Counter restarts;
  private final List<Slot> slots = new ArrayList<>();
  private Thread supervisor;
  private volatile boolean running;

  /**
   * One consuming thread's place: the supervisor starts a new thread in it when the old one died,
   * after a backoff that doubles while replacements keep dying soon after they start.
   */
  private static final class Slot {
    final int index;
    volatile Thread thread;
    long startedAt;
    long backoffMillis;
    long restartAt;

    Slot(int index) {
      this.index = index;
    }

    boolean alive() {
      Thread t = thread;
      return t != null && t.isAlive();
    }
  }

  /**
   * What a consuming thread holds now, so that a thread dying of an error nothing else caught can
   * still isolate the message it was working on and give the others back.
   */
  private static final class InHand {
    final Deque<Carried> carry = new ArrayDeque<>();
    QueuedBatch decoding;
    List<Pending> assembling = List.of();

    /** Assembled, waiting for the write before it to end. */
    List<Pending> ready = List.of();

    /** Set by whichever thread writes; read by the consuming thread after the write ended. */
    volatile List<Pending> writing = List.of();
  }

  private final ThreadLocal<InHand> inHand = ThreadLocal.withInitial(InHand::new);

  /** One decoded message waiting for its batch to be committed. */
  private record Pending(QueuedBatch delivery, SpanBatchDecoder.Decoded decoded) {
    int bytes() {
      return delivery.batch().payload().length;
    }
  }

  /**
   * Messages fetched (and perhaps decoded) that did not fit the batch being assembled: the next
   * batch of the same thread starts with them. A decoded entry keeps its decoding.
   */
  private record Carried(QueuedBatch delivery, Pending decoded) {}

  SpanConsumerLoop(
      SpanQueueConsumer consumer,
      SpanBatchDecoder decoder,
      SpanWriter writer,
      DatabaseGate database,
      WorkerProperties settings,
      BatchProperties bounds,
      MessageFailures failureCounts,
      MeterRegistry meters) {
    this.consumer = consumer;
    this.decoder = decoder;
    this.writer = writer;
    this.database = database;
    this.settings = settings;
    this.bounds = bounds;
    this.failureCounts = failureCounts;
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
    this.restarts =
        Counter.builder("lumina.worker.consumer.restarts")
            .description("consuming threads replaced after they died")
            .register(meters);
    this.batchBytes =
        DistributionSummary.builder("lumina.worker.batch.bytes")
            .description("OTLP payload bytes per committed batch")
            .baseUnit("bytes")
            .register(meters);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (int i = 0; i < settings.consumers(); i++) {
      Slot slot = new Slot(i);
      slot.backoffMillis = settings.retryBackoff().toMillis();
      slots.add(slot);
      startThread(slot);
    }
    supervisor =
        Thread.ofPlatform().name("span-consumer-supervisor").daemon().start(this::supervise);
  }

  @Override
  public synchronized void stop() {
    // Graceful: each thread finishes the batch in hand (write, then ack), then exits.
    running = false;
    database.wakeAll();
    if (supervisor != null) {
      supervisor.interrupt();
    }
    long deadline =
        System.nanoTime() + settings.ackWait().toNanos() + settings.fetchWait().toNanos();
    for (Slot slot : slots) {
      Thread t = slot.thread;
      if (t == null) {
        continue;
      }
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    slots.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Consuming threads alive now, and how many there should be: for the health indicator. */
  public int aliveConsumers() {
    int alive = 0;
    for (Slot slot : List.copyOf(slots)) {
      if (slot.alive()) {
        alive++;
      }
    }
    return alive;
  }

  public int configuredConsumers() {
    return settings.consumers();
  }

  private void startThread(Slot slot) {
    slot.startedAt = System.nanoTime();
    slot.thread =
        Thread.ofPlatform()
            .name("span-consumer-" + slot.index)
            .uncaughtExceptionHandler(
                (t, e) ->
                    log.error(
                        "consumer thread {} died; it is replaced after a backoff", t.getName(), e))
            .start(this::run);
  }

  /**
   * Replaces consuming threads that died, whatever killed them: the first replacement after {@code
   * retryBackoff}, doubling up to {@code maxBackoff} while replacements die within a minute.
   */
  private void supervise() {
    while (running) {
      long now = System.nanoTime();
      for (Slot slot : List.copyOf(slots)) {
        if (!running || slot.alive()) {
          continue;
        }
        if (slot.restartAt == 0) {
          boolean diedSoon = now - slot.startedAt < Duration.ofMinutes(1).toNanos();
          slot.backoffMillis =
              diedSoon
                  ? slot.backoffMillis
                  : settings.retryBackoff().toMillis(); // it had been running fine
          slot.restartAt = now + Duration.ofMillis(slot.backoffMillis).toNanos();
          log.warn(
              "consumer thread {} is not running; replacing it in {} ms",
              slot.index,
              slot.backoffMillis);
        } else if (now >= slot.restartAt) {
          slot.restartAt = 0;
          slot.backoffMillis = Math.min(slot.backoffMillis * 2, settings.maxBackoff().toMillis());
          synchronized (this) {
            if (running) {
              startThread(slot);
              restarts.increment();
            }
          }
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void run() {
    InHand hand = inHand.get();
    BatchWriteAhead writes =
        settings.pipeline()
            ? BatchWriteAhead.onThread(
                Thread.currentThread().getName().replace("consumer", "writer"), settings.ackWait())
            : BatchWriteAhead.inline();
    try {
      while (running) {
        try {
          if (!database.awaitAvailable(() -> running)) {
            return;
          }
          // Overlaps the write of the batch before, when pipelined.
          hand.ready = assemble(hand.carry);
          writes.await();
          List<Pending> batch = hand.ready;
          hand.ready = List.of();
          if (batch.isEmpty()) {
            continue;
          }
          if (!database.isUp()) {
            // The write before found the database gone: this batch is not written either.
            giveBackForOutage(batch, List.of(), null);
            continue;
          }
          writes.submit(() -> store(batch, hand));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          log.error("unexpected error in consumer loop; continuing", e);
          giveBack(hand.ready);
          hand.ready = List.of();
          database.pause(settings.retryBackoff().toMillis());
        }
      }
    } catch (Throwable fatal) {
      // Nothing below caught it (an error of the JVM itself): this thread ends and the supervisor
      // replaces it. The write in flight ends first, so its messages are acknowledged or given
      // back by it. The message being decoded, or the single message whose write died, spends a
      // content failure, so a message that kills every thread it meets ends as a dead letter.
      writes.awaitQuietly();
      List<Pending> writing = hand.writing;
      QueuedBatch culprit =
          hand.decoding != null
              ? hand.decoding
              : writing.size() == 1 ? writing.getFirst().delivery() : null;
      if (culprit != null) {
        failed(culprit, "consumer thread died: " + fatal);
        hand.carry.removeIf(c -> c.delivery() == culprit);
      }
      for (List<Pending> held : List.of(hand.assembling, hand.ready, writing)) {
        for (Pending p : held) {
          if (p.delivery() != culprit) {
            p.delivery().retryLater(Duration.ZERO);
          }
        }
      }
      hand.ready = List.of();
      throw fatal;
    } finally {
      // Shutdown finishes the write in hand (commit, then ack) before the thread exits.
      writes.close();
      hand.decoding = null;
      hand.assembling = List.of();
      hand.writing = List.of();
      giveBack(hand.ready);
      hand.ready = List.of();
      // Fetched but not in a committed batch: back to the queue now rather than after the ack wait.
      giveBack(hand.carry);
    }
  }

  /**
   * Fetches and decodes messages until the batch holds {@code maxSpans} spans or {@code maxBytes}
   * payload bytes, or nothing more is waiting. A message that would cross a bound is carried to the
   * next batch, unless the batch is empty (then it forms a batch on its own). Fetches ask the queue
   * for no more bytes than the batch has room for, so the thread never holds more than one batch
   * plus one message.
   */
  private List<Pending> assemble(Deque<Carried> carry) throws InterruptedException {
    List<Pending> batch = new ArrayList<>();
    InHand hand = inHand.get();
    hand.assembling = batch;
    // Not in a finally: a thread dying of an error must still find what it held (see run).
    List<Pending> filled = fill(batch, carry);
    hand.assembling = List.of();
    return filled;
  }

  private List<Pending> fill(List<Pending> batch, Deque<Carried> carry)
      throws InterruptedException {
    long bytes = 0;
    int spans = 0;
    long maxBytes = bounds.maxBytesValue();
    while (running && spans < bounds.maxSpans() && bytes < maxBytes) {
      if (carry.isEmpty()) {
        List<QueuedBatch> fetched =
            consumer.fetch(
                settings.batchSize(),
                maxBytes - bytes,
                batch.isEmpty() ? settings.fetchWait() : Duration.ZERO);
        if (fetched.isEmpty()) {
          break;
        }
        fetched.forEach(d -> carry.addLast(new Carried(d, null)));
      }
      Carried next = carry.peekFirst();
      int size = next.delivery().batch().payload().length;
      if (!batch.isEmpty() && bytes + size > maxBytes) {
        break;
      }
      Pending pending = next.decoded();
      if (pending == null) {
        try {
          pending = decode(next.delivery());
        } catch (DatabaseUnavailableException e) {
          List<QueuedBatch> rest = carry.stream().map(Carried::delivery).toList();
          carry.clear();
          giveBackForOutage(batch, rest, e);
          return List.of();
        }
        if (pending == null) {
          carry.removeFirst(); // dead-lettered or left for a later delivery
          continue;
        }
      }
      int messageSpans = pending.decoded().spans().size();
      if (!batch.isEmpty() && spans + messageSpans > bounds.maxSpans()) {
        carry.removeFirst();
        carry.addFirst(new Carried(pending.delivery(), pending));
        break;
      }
      carry.removeFirst();
      batch.add(pending);
      bytes += size;
      spans += messageSpans;
    }
    return batch;
  }

  private void giveBack(Deque<Carried> carry) {
    while (!carry.isEmpty()) {
      carry.removeFirst().delivery().retryLater(Duration.ZERO);
    }
  }

  private static void giveBack(List<Pending> batch) {
    batch.forEach(p -> p.delivery().retryLater(Duration.ZERO));
  }

  /**
   * The database is gone (while pricing, scoring or writing): everything in hand goes back to the
   * queue after the retry backoff, as for a failed write, and fetching pauses until it is back.
   *
   * @param cause what showed the outage, or null when it was already marked down
   */
  private void giveBackForOutage(
      List<Pending> decoded, List<QueuedBatch> undecoded, RuntimeException cause) {
    decoded.forEach(p -> p.delivery().retryLater(settings.retryBackoff()));
    undecoded.forEach(d -> d.retryLater(settings.retryBackoff()));
    if (cause != null) {
      database.markDown(cause);
    }
  }

  /**
   * Decodes one message: its pending entry, or null when it was dead-lettered (unreadable) or left
   * for a later delivery (its content failed).
   */
  private Pending decode(QueuedBatch delivery) {
    if (delivery.deliveryCount() > 1) {
      redeliveries.increment();
    }
    InHand hand = inHand.get();
    hand.decoding = delivery;
    try {
      Pending decoded = new Pending(delivery, decoder.decode(delivery.batch()));
      hand.decoding = null;
      return decoded;
    } catch (PoisonMessageException e) {
      deadLetter(delivery, e.getMessage(), deadLettersUnreadable);
    } catch (DatabaseUnavailableException e) {
      hand.decoding = null;
      throw e;
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
      // Its content made decoding fail (a StackOverflowError from a pathological value included):
      // only this message pays, the thread goes on with the others.
      log.warn("cannot process message {}: {}", delivery.batch().messageId(), e.toString());
      failed(delivery, "cannot process: " + e);
    }
    // Cleared here, not in a finally: a thread dying of an error must still know the culprit.
    hand.decoding = null;
    return null;
  }

  /** Decodes and stores {@code deliveries} as one batch, whatever the bounds (tests drive this). */
  void process(List<QueuedBatch> deliveries) {
    List<Pending> readable = new ArrayList<>(deliveries.size());
    for (int i = 0; i < deliveries.size(); i++) {
      Pending pending;
      try {
        pending = decode(deliveries.get(i));
      } catch (DatabaseUnavailableException e) {
        giveBackForOutage(readable, deliveries.subList(i, deliveries.size()), e);
        return;
      }
      if (pending != null) {
        readable.add(pending);
      }
    }
    if (!readable.isEmpty()) {
      store(readable, inHand.get());
    }
  }

  /**
   * Writes {@code group} in one transaction and acknowledges it, or gives it back; runs on the
   * consuming thread or its writing thread, and keeps what it writes in {@code hand} (the consuming
   * thread's) so a thread dying of an error still knows it.
   */
  private void store(List<Pending> group, InHand hand) {
    List<IncomingSpan> spans = new ArrayList<>();
    for (Pending p : group) {
      spans.addAll(p.decoded().spans());
    }
    int inserted;
    hand.writing = group;
    try {
      inserted = writer.write(spans);
      hand.writing = List.of();
    } catch (SpanWriteException e) {
      hand.writing = List.of();
      onWriteFailure(group, e, hand);
      return;
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
      hand.writing = List.of();
      onWriteCrash(group, e, hand);
      return;
    }
    group.forEach(p -> p.delivery().ack());
    // Only a message delivered before can have a failure count.
    forget(
        group.stream()
            .filter(p -> p.delivery().deliveryCount() > 1)
            .map(p -> p.delivery().batch().messageId())
            .toList());
    spansStored.increment(inserted);
    spansDuplicate.increment(spans.size() - inserted);
    batchSpans.record(spans.size());
    batchMessages.record(group.size());
    batchBytes.record(group.stream().mapToLong(Pending::bytes).sum());
    for (Pending p : group) {
      spansSampledOut.increment(p.decoded().sampledOut());
      spansExpired.increment(p.decoded().expired());
    }
  }

  private void onWriteFailure(List<Pending> group, SpanWriteException e, InHand hand) {
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
          store(List.of(p), hand);
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

  /**
   * The writer failed with something other than a database error: a bug or a value it cannot
   * handle. Like a content failure of the write, narrowed down to the message that causes it.
   */
  private void onWriteCrash(List<Pending> group, Throwable e, InHand hand) {
    if (!database.isUp() || !writerAnswers()) {
      group.forEach(p -> p.delivery().retryLater(settings.retryBackoff()));
      database.markDown(new IllegalStateException(e.toString(), e));
      return;
    }
    if (group.size() > 1) {
      log.warn(
          "batch of {} messages crashed the writer ({}); writing them one by one",
          group.size(),
          e.toString());
      for (Pending p : group) {
        if (database.isUp()) {
          store(List.of(p), hand);
        } else {
          p.delivery().retryLater(settings.retryBackoff());
        }
      }
      return;
    }
    Pending only = group.getFirst();
    log.warn(
        "message {} crashed the writer: {}", only.delivery().batch().messageId(), e.toString());
    failed(only.delivery(), "write failed: " + e);
  }

  private boolean writerAnswers() {
    try {
      return writer.check();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * A failure of this message's content: try again later, or give up after {@code maxDeliveries}
   * content failures, counted in {@link MessageFailures} rather than by the queue's delivery count
   * (which infrastructure retries raise too).
   */
  private void failed(QueuedBatch delivery, String reason) {
    String id = delivery.batch().messageId();
    int failures;
    if (id.isEmpty()) {
      failures = (int) Math.min(Integer.MAX_VALUE, delivery.deliveryCount());
    } else {
      try {
        failures = failureCounts.record(id, reason);
      } catch (RuntimeException e) {
        // Cannot count now (the database is gone): try again later without spending its budget.
        log.warn("cannot count the failure of message {}: {}", id, e.getMessage());
        delivery.retryLater(settings.retryBackoff());
        return;
      }
    }
    if (failures >= settings.maxDeliveries()) {
      deadLetter(delivery, "failed " + failures + " times, last: " + reason, deadLettersFailed);
      forget(List.of(id));
    } else {
      delivery.retryLater(settings.retryBackoff());
    }
  }

  /**
   * Drops failure counts no longer needed; a leftover row is harmless, so errors are only logged.
   */
  private void forget(List<String> messageIds) {
    List<String> ids = messageIds.stream().filter(id -> !id.isEmpty()).toList();
    if (ids.isEmpty()) {
      return;
    }
    try {
      failureCounts.forget(ids);
    } catch (RuntimeException e) {
      log.debug("cannot forget failure counts: {}", e.getMessage());
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
