package io.lumina.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.wire.SpanBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The contract every span queue keeps, run by each backend module against the real thing (as
 * zipkin's storage backends run its ITStorage suites): durable once published, duplicates of a
 * client retry dropped, each message to one consumer, redelivered until acknowledged, dead letters
 * gone from the consumers, the backlog counted. A backend's IT extends this class and says how to
 * make a fresh queue.
 */
public abstract class SpanQueueContract {
  /** The ack wait {@link #newQueue} must give both consumers. */
  protected static final Duration ACK_WAIT = Duration.ofSeconds(1);

  /**
   * A fresh, empty queue (its own stream, or an emptied table) with two consumers of one shared
   * consumer group on it, created with {@link #ACK_WAIT}.
   */
  protected abstract Fixture newQueue() throws Exception;

  /**
   * @param deadLetters the dead letters of this queue
   * @param stored messages the queue holds for its consumers now, dead letters excluded (what is on
   *     disk in the span stream, or rows of the table that are not dead letters)
   */
  public record Fixture(
      SpanQueue queue,
      SpanQueueConsumer first,
      SpanQueueConsumer second,
      DeadLetterStore deadLetters,
      LongSupplier stored) {}

  @Test
  public void publishedBatchIsDeliveredWithItsProjectTimeAndBytes() throws Exception {
    Fixture f = newQueue();
    SpanBatch sent = batch("hello");
    f.queue().publish(sent).get();

    List<QueuedBatch> got = fetchAll(f.first(), 1);
    assertThat(got).hasSize(1);
    SpanBatch received = got.get(0).batch();
    assertThat(received.projectId()).isEqualTo(sent.projectId());
    assertThat(received.receivedAtMillis()).isEqualTo(sent.receivedAtMillis());
    assertThat(received.payload()).isEqualTo(sent.payload());
    assertThat(got.get(0).deliveryCount()).isEqualTo(1);
    got.get(0).ack();
    assertThat(f.first().fetch(10, Duration.ofMillis(300))).isEmpty();
  }

  @Test
  public void aClientRetryOfTheSameBatchIsStoredOnce() throws Exception {
    Fixture f = newQueue();
    SpanBatch sent = batch("retry");
    f.queue().publish(sent).get();
    f.queue().publish(sent).get();

    // Within the ack wait, so an unacknowledged first copy cannot come back and be counted twice.
    List<QueuedBatch> got = f.first().fetch(10, ACK_WAIT.dividedBy(2));
    got.forEach(QueuedBatch::ack);
    assertThat(got).hasSize(1);
    assertThat(f.second().fetch(10, ACK_WAIT.dividedBy(2))).isEmpty();
  }

  @Test
  public void anUnacknowledgedMessageComesBackAfterTheAckWait() throws Exception {
    Fixture f = newQueue();
    f.queue().publish(batch("unacked")).get();
    List<QueuedBatch> first = fetchAll(f.first(), 1);
    assertThat(first).hasSize(1);
    // Not acknowledged: as if the worker holding it was killed.

    List<QueuedBatch> again = fetchAll(f.second(), 1, ACK_WAIT.multipliedBy(5));
    assertThat(again).hasSize(1);
    assertThat(again.get(0).batch().payload()).isEqualTo(first.get(0).batch().payload());
    assertThat(again.get(0).deliveryCount()).isEqualTo(2);
    again.get(0).ack();
  }

  @Test
  public void retryLaterRedeliversAndDeadLetterRemoves() throws Exception {
    Fixture f = newQueue();
    f.queue().publish(batch("poison")).get();
    QueuedBatch first = fetchAll(f.first(), 1).get(0);
    first.retryLater(Duration.ofMillis(100));

    QueuedBatch second = fetchAll(f.first(), 1, Duration.ofSeconds(5)).get(0);
    assertThat(second.deliveryCount()).isEqualTo(2);
    second.deadLetter("cannot be decoded");

    assertThat(f.first().fetch(10, ACK_WAIT.multipliedBy(2))).isEmpty();
  }

  @Test
  public void twoConsumersSplitTheMessagesWithoutOverlap() throws Exception {
    Fixture f = newQueue();
    int total = 40;
    for (int i = 0; i < total; i++) {
      f.queue().publish(batch("m" + i)).get();
    }
    Set<String> seen = new HashSet<>();
    List<QueuedBatch> a = f.first().fetch(total / 2, Duration.ofSeconds(2));
    List<QueuedBatch> b = fetchAll(f.second(), total - a.size());
    for (QueuedBatch q : a) {
      assertThat(seen.add(new String(q.batch().payload(), StandardCharsets.UTF_8))).isTrue();
      q.ack();
    }
    for (QueuedBatch q : b) {
      assertThat(seen.add(new String(q.batch().payload(), StandardCharsets.UTF_8))).isTrue();
      q.ack();
    }
    assertThat(a).isNotEmpty();
    assertThat(b).isNotEmpty();
    assertThat(seen).hasSize(total);
  }

  @Test
  public void aReachableQueueIsUpAndCountsWhatIsNotAcknowledged() throws Exception {
    Fixture f = newQueue();
    assertThat(f.queue().check().up()).as(f.queue().check().detail()).isTrue();
    assertThat(f.first().check().up()).as(f.first().check().detail()).isTrue();
    for (int i = 0; i < 3; i++) {
      f.queue().publish(batch("backlog" + i)).get();
    }
    awaitPending(f.first(), 3);

    List<QueuedBatch> got = fetchAll(f.first(), 3);
    assertThat(got).hasSize(3);
    awaitPending(f.first(), 3); // delivered is not done: still pending until acknowledged
    got.forEach(QueuedBatch::ack);
    awaitPending(f.first(), 0);
  }

  @Test
  public void theBacklogCountsUnacknowledgedMessagesAndTheirBytes() throws Exception {
    Fixture f = newQueue();
    assertThat(f.queue().backlog()).isEqualTo(new QueueBacklog(0, 0));
    List<SpanBatch> published = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SpanBatch b = batch("size" + i);
      f.queue().publish(b).get();
      published.add(b);
    }
    QueueBacklog full = f.queue().backlog();
    assertThat(full.messages()).isEqualTo(3);
    // at least the payloads (JetStream counts headers and subject too)
    assertThat(full.bytes())
        .isGreaterThanOrEqualTo(published.stream().mapToLong(b -> b.payload().length).sum());

    List<QueuedBatch> got = fetchAll(f.first(), 3);
    assertThat(got).hasSize(3);
    assertThat(f.queue().backlog().messages()).as("delivered is not done").isEqualTo(3);
    got.forEach(QueuedBatch::ack);
    awaitCount(() -> f.queue().backlog().messages(), 0, "backlog after every ack");
    assertThat(f.queue().backlog().bytes()).isZero();
  }

  @Test
  public void anAcknowledgedMessageLeavesTheQueue() throws Exception {
    Fixture f = newQueue();
    for (int i = 0; i < 3; i++) {
      f.queue().publish(batch("gone" + i)).get();
    }
    assertThat(f.stored().getAsLong()).isEqualTo(3);
    List<QueuedBatch> got = fetchAll(f.first(), 3);
    assertThat(got).hasSize(3);
    got.get(0).ack();
    got.get(1).ack();
    awaitCount(f.stored(), 1, "messages still stored after two acks");
    got.get(2).ack();
    awaitCount(f.stored(), 0, "messages still stored after every ack");
  }

  @Test
  public void aDeadLetterIsListedWithReasonAndDeliveriesThenReplayedAsANewMessage()
      throws Exception {
    Fixture f = newQueue();
    SpanBatch sent = batch("dead");
    f.queue().publish(sent).get();
    f.queue().publish(batch("alive")).get();
    List<QueuedBatch> firstTry = fetchAll(f.first(), 2);
    QueuedBatch poison =
        firstTry.stream()
            .filter(q -> q.batch().messageId().equals(sent.messageId()))
            .findFirst()
            .orElseThrow();
    firstTry.stream().filter(q -> q != poison).forEach(QueuedBatch::ack);
    poison.retryLater(Duration.ofMillis(100));
    QueuedBatch again = fetchAll(f.first(), 1, Duration.ofSeconds(5)).get(0);
    assertThat(again.deliveryCount()).isEqualTo(2);
    again.deadLetter("span 3: value out of range");
    awaitCount(f.deadLetters()::count, 1, "dead letters");
    awaitCount(f.stored(), 0, "messages still in the queue beside the dead letter");

    List<DeadLetter> listed = f.deadLetters().list(null, 0, 10);
    assertThat(listed).hasSize(1);
    DeadLetter letter = listed.get(0);
    assertThat(letter.reason()).isEqualTo("span 3: value out of range");
    assertThat(letter.deliveries()).isEqualTo(2);
    assertThat(letter.projectId()).isEqualTo(sent.projectId());
    assertThat(letter.receivedAtMillis()).isEqualTo(sent.receivedAtMillis());
    assertThat(letter.messageId()).isEqualTo(sent.messageId());
    assertThat(letter.payloadBytes()).isEqualTo(sent.payload().length);
    assertThat(letter.payload()).as("listings carry no payload").isNull();
    assertThat(letter.deadAt()).isAfter(java.time.Instant.now().minusSeconds(60));
    assertThat(f.deadLetters().list("another-project", 0, 10)).isEmpty();
    assertThat(f.deadLetters().list(null, letter.id(), 10)).isEmpty();
    assertThat(f.deadLetters().find(letter.id()).orElseThrow().payload()).isEqualTo(sent.payload());
    assertThat(f.first().fetch(10, ACK_WAIT.multipliedBy(2))).isEmpty();

    assertThat(f.deadLetters().replay(letter.id())).isTrue();
    assertThat(f.deadLetters().find(letter.id())).isEmpty();
    assertThat(f.deadLetters().count()).isZero();
    List<QueuedBatch> replayed = fetchAll(f.second(), 1);
    assertThat(replayed).hasSize(1);
    assertThat(replayed.get(0).batch().payload()).isEqualTo(sent.payload());
    assertThat(replayed.get(0).batch().projectId()).isEqualTo(sent.projectId());
    assertThat(replayed.get(0).deliveryCount()).isEqualTo(1);
    replayed.get(0).ack();
    awaitCount(f.stored(), 0, "messages stored after the replayed one was acknowledged");
    assertThat(f.deadLetters().replay(letter.id())).as("a second replay finds nothing").isFalse();
  }

  @Test
  public void aFetchStaysWithinItsByteBoundAndAnOversizedMessageComesAlone() throws Exception {
    Fixture f = newQueue();
    for (int i = 0; i < 3; i++) {
      f.queue().publish(sized("small" + i, 100)).get();
    }
    f.queue().publish(sized("large", 5000)).get();
    f.queue().publish(sized("after", 100)).get();
    awaitCount(f.stored(), 5, "messages stored");

    // The three small ones fit (headers included, as JetStream counts them); the large one not.
    List<QueuedBatch> first = f.first().fetch(10, 2000, Duration.ofSeconds(2));
    assertThat(first).hasSize(3);
    List<QueuedBatch> large = f.first().fetch(10, 2000, Duration.ofSeconds(2));
    assertThat(large).hasSize(1);
    assertThat(large.get(0).batch().payload()).hasSize(5000);
    List<QueuedBatch> rest = f.first().fetch(10, 2000, Duration.ZERO);
    assertThat(rest).hasSize(1);
    assertThat(rest.get(0).batch().payload()).hasSize(100);
    for (List<QueuedBatch> got : List.of(first, large, rest)) {
      got.forEach(QueuedBatch::ack);
    }
    awaitCount(f.stored(), 0, "messages stored after every ack");
  }

  private static SpanBatch sized(String text, int bytes) {
    byte[] payload = new byte[bytes];
    byte[] head = (text + "-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, payload, 0, head.length);
    return SpanBatch.of("default", 1_700_000_000_123L, payload);
  }

  private static void awaitCount(LongSupplier count, long expected, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (count.getAsLong() != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(count.getAsLong()).as(what).isEqualTo(expected);
  }

  /** Acknowledgements may travel asynchronously: waits a little for the count, then checks it. */
  private static void awaitPending(SpanQueueConsumer consumer, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (consumer.pending() != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(consumer.pending()).as("messages not yet acknowledged").isEqualTo(expected);
  }

  private static SpanBatch batch(String text) {
    return SpanBatch.of(
        "default",
        1_700_000_000_123L,
        (text + "-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
  }

  protected static List<QueuedBatch> fetchAll(SpanQueueConsumer consumer, int expected)
      throws InterruptedException {
    return fetchAll(consumer, expected, Duration.ofSeconds(5));
  }

  /** Fetches until {@code expected} messages arrived or the time is up. */
  protected static List<QueuedBatch> fetchAll(
      SpanQueueConsumer consumer, int expected, Duration within) throws InterruptedException {
    List<QueuedBatch> out = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (out.size() < expected && System.nanoTime() < deadline) {
      out.addAll(consumer.fetch(expected - out.size(), Duration.ofMillis(200)));
    }
    return out;
  }
}
