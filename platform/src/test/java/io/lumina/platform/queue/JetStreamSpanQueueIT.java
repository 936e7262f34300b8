package io.lumina.platform.queue;

import io.lumina.queue.jetstream.JetStreamConnections;
import io.lumina.queue.jetstream.JetStreamSettings;
import io.lumina.queue.jetstream.JetStreamSpanConsumer;
import io.lumina.queue.jetstream.JetStreamSpanQueue;
import io.lumina.testing.TestNats;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/** The span queue contract against the JetStream implementation on this machine's NATS server. */
class JetStreamSpanQueueIT extends SpanQueueContract {
  private static final List<Connection> connections = new ArrayList<>();
  private static final List<String> streams = new ArrayList<>();

  @Override
  protected Fixture newQueue() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    JetStreamSettings settings =
        new JetStreamSettings(
            TestNats.shared().url(),
            "LUMINA_CONTRACT_" + run.toUpperCase(Locale.ROOT),
            "lumina_contract_" + run + ".spans",
            Duration.ofHours(1),
            -1,
            Duration.ofMinutes(2),
            Duration.ofSeconds(5),
            1);
    Connection connection = JetStreamConnections.connect(settings, "contract-test");
    connections.add(connection);
    streams.add(settings.stream());
    JetStreamSpanQueue queue = new JetStreamSpanQueue(connection, settings);
    String durable = "contract-" + run;
    return new Fixture(
        queue,
        new JetStreamSpanConsumer(connection, settings, durable, ACK_WAIT, 1000),
        new JetStreamSpanConsumer(connection, settings, durable, ACK_WAIT, 1000));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (int i = 0; i < connections.size(); i++) {
      connections.get(i).jetStreamManagement().deleteStream(streams.get(i));
      connections.get(i).close();
    }
  }
}
