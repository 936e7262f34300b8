package io.lumina.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * What a service is to the span queue. A service declares a {@link Producer} or a {@link Consumer}
 * bean, and the auto-configuration of the backend in use gives it a {@link SpanQueue} or a {@link
 * SpanQueueConsumer}. A service that declares neither opens no connection: in the all-in-one mode
 * every service shares one classpath, and the query API or the dashboard must not connect to the
 * queue.
 */
public sealed interface SpanQueueClient {

  /** Names the service's connection, where the backend has one (NATS monitoring shows it). */
  String clientName();

  /** A service that publishes span batches (ingestion). */
  record Producer(String clientName) implements SpanQueueClient {
    public Producer {
      requireName(clientName, "clientName");
    }
  }

  /**
   * A service that consumes span batches (the worker); every replica declares the same one.
   *
   * @param durableName the consumer every replica shares (JetStream durable consumer)
   * @param ackWait how long a delivered message may stay unacknowledged before it is delivered
   *     again, to any replica
   * @param maxInFlight messages delivered and not yet acknowledged, across all replicas
   */
  record Consumer(String clientName, String durableName, Duration ackWait, int maxInFlight)
      implements SpanQueueClient {
    public Consumer {
      requireName(clientName, "clientName");
      requireName(durableName, "durableName");
      Objects.requireNonNull(ackWait, "ackWait");
      if (ackWait.isNegative() || ackWait.isZero()) {
        throw new IllegalArgumentException("ackWait must be positive: " + ackWait);
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
      }
    }
  }

  private static void requireName(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
