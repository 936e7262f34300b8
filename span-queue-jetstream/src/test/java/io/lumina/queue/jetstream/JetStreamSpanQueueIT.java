package io.lumina.queue.jetstream;

import io.lumina.queue.SpanQueueClient;
import io.lumina.queue.SpanQueueContract;
import io.lumina.testing.TestNats;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** The span queue contract against JetStream on this machine's NATS server. */
class JetStreamSpanQueueIT extends SpanQueueContract {
  private static final List<Connection> connections = new ArrayList<>();
  private static final List<String> streams = new ArrayList<>();

  @Override
  protected Fixture newQueue() {
    JetStreamSettings settings =
        JetStreamSettings.defaults(TestNats.shared().url())
            .withPrefix(TestNats.shared().newPrefix());
    Connection connection = JetStreamConnections.connect(settings, "contract-test");
    connections.add(connection);
    streams.add(settings.streamName());
    streams.add(settings.deadLetterStreamName());
    SpanQueueClient.Consumer group =
        new SpanQueueClient.Consumer("contract-test", "contract", ACK_WAIT, 1000);
    return new Fixture(
        new JetStreamSpanQueue(connection, settings),
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
  }
}
