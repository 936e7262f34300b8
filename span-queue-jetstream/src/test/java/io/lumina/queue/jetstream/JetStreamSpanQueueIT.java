package io.lumina.queue.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.queue.SpanQueueClient;
import io.lumina.queue.SpanQueueContract;
import io.lumina.testing.TestNats;
import io.lumina.wire.SpanBatch;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The span queue contract against JetStream on this machine's NATS server, the queue publishing
 * over three connections in turn (so a client's retry of a batch takes another connection than the
 * first attempt, and the duplicate window must still drop it).
 */
class JetStreamSpanQueueIT extends SpanQueueContract {
  private static final List<Connection> connections = new ArrayList<>();
  private static final List<Connection> extras = new ArrayList<>();
  private static final List<String> streams = new ArrayList<>();

  @Override
  protected Fixture newQueue() {
    JetStreamSettings settings =
        JetStreamSettings.defaults(TestNats.shared().url())
            .withPrefix(TestNats.shared().newPrefix());
    Connection connection = JetStreamConnections.connect(settings, "contract-test");
    connections.add(connection);
    List<Connection> publishers =
        List.of(
            JetStreamConnections.connect(settings, "contract-test-publish-1"),
            JetStreamConnections.connect(settings, "contract-test-publish-2"));
    extras.addAll(publishers);
    streams.add(settings.streamName());
    streams.add(settings.deadLetterStreamName());
    SpanQueueClient.Consumer group =
        new SpanQueueClient.Consumer("contract-test", "contract", ACK_WAIT, 1000);
    return new Fixture(
        new JetStreamSpanQueue(connection, publishers, settings),
        new JetStreamSpanConsumer(connection, settings, group),
        new JetStreamSpanConsumer(connection, settings, group),
        new JetStreamDeadLetters(connection, settings),
        () -> {
          try {
            return connection
                .jetStreamManagement()
                .getStreamInfo(settings.streamName())
                .getStreamState()
                .getMsgCount();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void batchesTakeEveryConnectionInTurnAndCloseClosesOnlyTheQueuesOwn() throws Exception {
    JetStreamSettings settings =
        JetStreamSettings.defaults(TestNats.shared().url())
            .withPrefix(TestNats.shared().newPrefix());
    Connection main = JetStreamConnections.connect(settings, "turn-test");
    connections.add(main);
    streams.add(settings.streamName());
    streams.add(settings.deadLetterStreamName());
    List<Connection> own =
        List.of(
            JetStreamConnections.connect(settings, "turn-test-publish-1"),
            JetStreamConnections.connect(settings, "turn-test-publish-2"));
    extras.addAll(own);
    JetStreamSpanQueue queue = new JetStreamSpanQueue(main, own, settings);
    List<Connection> all = List.of(main, own.get(0), own.get(1));
    long[] before = all.stream().mapToLong(c -> c.getStatistics().getOutMsgs()).toArray();

    for (int i = 0; i < 3; i++) {
      queue.publish(SpanBatch.of("turn", 1L, ("batch " + i).getBytes(UTF_8))).get();
    }

    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).getStatistics().getOutMsgs())
          .as("messages sent on connection %d", i)
          .isGreaterThan(before[i]);
    }
    queue.close();
    assertThat(own).allSatisfy(c -> assertThat(c.getStatus()).isEqualTo(Connection.Status.CLOSED));
    assertThat(main.getStatus()).isEqualTo(Connection.Status.CONNECTED);
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (int i = 0; i < connections.size(); i++) {
      for (String stream : streams.subList(2 * i, 2 * i + 2)) {
        try {
          connections.get(i).jetStreamManagement().deleteStream(stream);
        } catch (Exception e) {
          // never created
        }
      }
      connections.get(i).close();
    }
    for (Connection extra : extras) {
      extra.close();
    }
  }
}
