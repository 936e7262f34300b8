package io.lumina.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.queue.QueuedBatch;
import io.lumina.queue.SpanQueue;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.wire.SpanBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract every span queue keeps, run against each implementation: durable once published,
 * duplicates of a client retry dropped, each message to one consumer, redelivered until
 * acknowledged, dead letters gone from the consumers.
 */
abstract class SpanQueueContract {
  /** Ack wait the implementation under test was created with. */
  static final Duration ACK_WAIT = Duration.ofSeconds(1);

  /** A fresh, empty queue (its own stream or table contents) with two consumers on it. */
  protected abstract Fixture newQueue() throws Exception;

  protected record Fixture(SpanQueue queue, SpanQueueConsumer first, SpanQueueConsumer second) {}

  @Test
  void publishedBatchIsDeliveredWithItsProjectTimeAndBytes() throws Exception {
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
  void aClientRetryOfTheSameBatchIsStoredOnce() throws Exception {
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
  void anUnacknowledgedMessageComesBackAfterTheAckWait() throws Exception {
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
  void retryLaterRedeliversAndDeadLetterRemoves() throws Exception {
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
  void twoConsumersSplitTheMessagesWithoutOverlap() throws Exception {
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

  private static SpanBatch batch(String text) {
    return SpanBatch.of(
        "default",
        1_700_000_000_123L,
        (text + "-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
  }

  static List<QueuedBatch> fetchAll(SpanQueueConsumer consumer, int expected)
      throws InterruptedException {
    return fetchAll(consumer, expected, Duration.ofSeconds(5));
  }

  /** Fetches until {@code expected} messages arrived or the time is up. */
  static List<QueuedBatch> fetchAll(SpanQueueConsumer consumer, int expected, Duration within)
      throws InterruptedException {
    List<QueuedBatch> out = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (out.size() < expected && System.nanoTime() < deadline) {
      out.addAll(consumer.fetch(expected - out.size(), Duration.ofMillis(200)));
    }
    return out;
  }
}
