package io.lumina.queue.jetstream;

import io.lumina.queue.QueueHealth;
import io.lumina.queue.QueuedBatch;
import io.lumina.queue.SpanQueueClient;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.wire.SpanBatch;
import io.lumina.wire.WireHeaders;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable pull consumer shared by every worker replica (same durable name): JetStream hands each
 * message to one of them and redelivers whatever is not acknowledged within the ack wait, so a
 * killed worker's batch goes to another.
 */
public final class JetStreamSpanConsumer implements SpanQueueConsumer {
  private static final Logger log = LoggerFactory.getLogger(JetStreamSpanConsumer.class);

  /** The shortest pull expiry jnats accepts. */
  private static final long MIN_EXPIRES_MILLIS = 1000;

  private final Connection connection;
  private final JetStreamSettings settings;
  private final SpanQueueClient.Consumer client;
  private final String durableName;
  private volatile ConsumerContext consumer;
  private volatile String notReady = "not connected yet";

  public JetStreamSpanConsumer(
      Connection connection, JetStreamSettings settings, SpanQueueClient.Consumer client) {
    this.connection = connection;
    this.settings = settings;
    this.client = client;
    this.durableName = settings.prefixed(client.durableName());
  }

  @Override
  public List<QueuedBatch> fetch(int maxMessages, long maxBytes, Duration maxWait)
      throws InterruptedException {
    ConsumerContext context = consumer();
    if (context == null) {
      Thread.sleep(Math.max(1, maxWait.toMillis()));
      return List.of();
    }
    List<QueuedBatch> out = new ArrayList<>(Math.min(maxMessages, 1024));
    try {
      // What is waiting now, without waiting: a busy stream fills the batch at once. A pull with
      // a byte limit smaller than the next message returns nothing for it (the server refuses),
      // which the single-message pull below takes care of.
      drain(context, noWait(maxMessages, maxBytes), out);
      if (out.isEmpty()) {
        // Idle (or the next message alone exceeds maxBytes): take the first message whatever its
        // size, waiting for it only when asked to (a full-batch pull would sit until it expires
        // under light load, adding up to a second of latency), then whatever else fits.
        FetchConsumeOptions first =
            maxWait.isZero()
                ? FetchConsumeOptions.builder().maxMessages(1).noWait().build()
                : FetchConsumeOptions.builder()
                    .maxMessages(1)
                    .expiresIn(Math.max(maxWait.toMillis(), MIN_EXPIRES_MILLIS))
                    .build();
        drain(context, first, out);
        if (!out.isEmpty() && maxMessages > 1) {
          long left = maxBytes - out.getFirst().batch().payload().length;
          if (left > 0) {
            drain(context, noWait(maxMessages - 1, left), out);
          }
        }
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      log.warn(
          "fetch from {} failed: {}", settings.streamName(), JetStreamSpanQueue.rootMessage(e));
      consumer = null;
      if (out.isEmpty()) {
        Thread.sleep(Math.max(1, Math.min(maxWait.toMillis(), 1000)));
      }
    }
    return out;
  }

  private static FetchConsumeOptions noWait(int maxMessages, long maxBytes) {
    FetchConsumeOptions.Builder options = FetchConsumeOptions.builder();
    if (maxBytes < Integer.MAX_VALUE) {
      options.max((int) maxBytes, maxMessages);
    } else {
      options.maxMessages(maxMessages);
    }
    return options.noWait().build();
  }

  private void drain(ConsumerContext context, FetchConsumeOptions options, List<QueuedBatch> out)
      throws Exception {
    try (FetchConsumer fetch = context.fetch(options)) {
      Message message;
      while ((message = fetch.nextMessage()) != null) {
        out.add(new Delivery(message));
      }
    }
  }

  @Override
  public long pending() {
    ConsumerContext context = consumer;
    if (context == null) {
      return -1;
    }
    try {
      ConsumerInfo info = context.getConsumerInfo();
      return info.getNumPending() + info.getNumAckPending();
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public QueueHealth check() {
    if (connection.getStatus() != Connection.Status.CONNECTED) {
      return QueueHealth.down("NATS " + connection.getStatus());
    }
    return consumer() != null
        ? QueueHealth.up("consumer " + durableName + " on " + settings.streamName())
        : QueueHealth.down("consumer " + durableName + " unavailable: " + notReady);
  }

  @Override
  public void close() {
    // The connection is owned by whoever created it.
  }

  private ConsumerContext consumer() {
    ConsumerContext context = consumer;
    if (context != null || connection.getStatus() != Connection.Status.CONNECTED) {
      return context;
    }
    try {
      JetStreamConnections.ensureStream(connection, settings);
      ConsumerConfiguration config =
          ConsumerConfiguration.builder()
              .durable(durableName)
              .filterSubject(settings.subjectName())
              .ackPolicy(AckPolicy.Explicit)
              .deliverPolicy(DeliverPolicy.All)
              .ackWait(client.ackWait())
              .maxAckPending(client.maxInFlight())
              .build();
      connection.jetStreamManagement().addOrUpdateConsumer(settings.streamName(), config);
      context = connection.getStreamContext(settings.streamName()).getConsumerContext(durableName);
      consumer = context;
      return context;
    } catch (JetStreamConnections.QueueMigrationRequiredException e) {
      notReady = e.getMessage();
      log.error(e.getMessage());
      return null;
    } catch (Exception e) {
      notReady = JetStreamSpanQueue.rootMessage(e);
      log.warn("JetStream consumer {} not ready: {}", durableName, notReady);
      return null;
    }
  }

  private final class Delivery implements QueuedBatch {
    private final Message message;
    private final SpanBatch batch;

    Delivery(Message message) {
      this.message = message;
      Headers headers = message.getHeaders();
      String project = headers == null ? null : headers.getFirst(WireHeaders.PROJECT);
      String receivedAt = headers == null ? null : headers.getFirst(WireHeaders.RECEIVED_AT);
      String messageId = headers == null ? null : headers.getFirst("Nats-Msg-Id");
      byte[] data = message.getData() == null ? new byte[0] : message.getData();
      this.batch =
          new SpanBatch(
              project == null ? "" : project,
              parseLong(receivedAt),
              data,
              messageId == null ? "" : messageId);
    }

    @Override
    public SpanBatch batch() {
      return batch;
    }

    @Override
    public long deliveryCount() {
      return message.isJetStream() ? message.metaData().deliveredCount() : 1;
    }

    @Override
    public void ack() {
      message.ack();
    }

    @Override
    public void retryLater(Duration delay) {
      message.nakWithDelay(delay);
    }

    @Override
    public void deadLetter(String reason) {
      Headers headers = new Headers();
      if (message.getHeaders() != null) {
        message.getHeaders().entrySet().forEach(e -> headers.put(e.getKey(), e.getValue()));
      }
      headers.remove("Nats-Msg-Id");
      headers.put(WireHeaders.MESSAGE_ID, batch.messageId());
      headers.put(
          WireHeaders.DEAD_LETTER_REASON,
          reason.length() > 1000 ? reason.substring(0, 1000) : reason);
      headers.put(WireHeaders.DELIVERIES, Long.toString(deliveryCount()));
      PublishOptions.Builder options =
          PublishOptions.builder().expectedStream(settings.deadLetterStreamName());
      if (!batch.messageId().isEmpty()) {
        // A worker killed between this publish and the term below dead-letters the message again
        // on its redelivery; the id makes JetStream drop that second copy.
        options.messageId("dead-" + batch.messageId());
      }
      try {
        connection
            .jetStream()
            .publish(
                NatsMessage.builder()
                    .subject(settings.deadLetterSubject())
                    .headers(headers)
                    .data(message.getData())
                    .build(),
                options.build());
        message.term();
      } catch (Exception e) {
        // Not stored as a dead letter yet (dead-letter stream full or unreachable): leave it for
        // redelivery rather than lose it.
        log.warn("could not dead-letter message: {}", JetStreamSpanQueue.rootMessage(e));
        message.nakWithDelay(Duration.ofSeconds(5));
      }
    }

    private static long parseLong(String value) {
      try {
        return value == null ? 0 : Long.parseLong(value);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }
}
