package io.lumina.queue.jetstream;

import io.lumina.queue.QueueBacklog;
import io.lumina.queue.QueueHealth;
import io.lumina.queue.QueueUnavailableException;
import io.lumina.queue.SpanQueue;
import io.lumina.wire.SpanBatch;
import io.lumina.wire.WireHeaders;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes span batches to JetStream and completes only on the server's acknowledgement. While the
 * connection is down it fails at once rather than letting jnats buffer without bound: a client that
 * gets 503 retries, and the content-derived message id makes that retry harmless.
 *
 * <p>Batches go over the given connections in turn. jnats writes one connection's messages from one
 * thread and the server reads them in one loop, so with a single connection concurrent publishes of
 * large batches wait for each other before JetStream even sees them (docs/performance.md,
 * "Publishing over several connections"). The stream, its duplicate window and the acknowledgement
 * are the same whichever connection a batch takes.
 */
public final class JetStreamSpanQueue implements SpanQueue {
  private static final Logger log = LoggerFactory.getLogger(JetStreamSpanQueue.class);

  /** Room for the headers and subject within the server's max payload. */
  private static final int HEADER_ROOM = 1024;

  private final Connection connection;
  private final JetStreamManagement management;
  private final List<Connection> publishers;
  private final List<Connection> owned;
  private final JetStream[] jetStreams;
  private final AtomicInteger next = new AtomicInteger();
  private final JetStreamSettings settings;
  private volatile boolean streamReady;
  private volatile String notReady = "not created yet";

  /** Publishes over {@code connection} alone, which stays its creator's to close. */
  public JetStreamSpanQueue(Connection connection, JetStreamSettings settings) {
    this(connection, List.of(), settings);
  }

  /**
   * Publishes over {@code connection} and {@code extra} in turn; {@code connection} stays its
   * creator's to close (it also serves the stream checks), {@code extra} are closed by {@link
   * #close()}.
   */
  public JetStreamSpanQueue(
      Connection connection, List<Connection> extra, JetStreamSettings settings) {
    this.connection = connection;
    this.owned = List.copyOf(extra);
    List<Connection> all = new ArrayList<>();
    all.add(connection);
    all.addAll(owned);
    this.publishers = List.copyOf(all);
    this.settings = settings;
    this.jetStreams = new JetStream[publishers.size()];
    try {
      this.management = connection.jetStreamManagement();
      for (int i = 0; i < jetStreams.length; i++) {
        jetStreams[i] = publishers.get(i).jetStream();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot open JetStream context", e);
    }
    ensureStream();
  }

  @Override
  public CompletableFuture<Void> publish(SpanBatch batch) {
    JetStream jetStream = nextConnected();
    if (jetStream == null) {
      return CompletableFuture.failedFuture(
          new QueueUnavailableException(
              "NATS is not connected (" + connection.getStatus() + ")", null));
    }
    if (!streamReady && !ensureStream()) {
      return CompletableFuture.failedFuture(
          new QueueUnavailableException(
              "JetStream stream " + settings.streamName() + " is not available: " + notReady,
              null));
    }
    Headers headers =
        new Headers()
            .add(WireHeaders.PROJECT, batch.projectId())
            .add(WireHeaders.RECEIVED_AT, Long.toString(batch.receivedAtMillis()))
            .add(WireHeaders.CONTENT_TYPE, WireHeaders.OTLP_PROTOBUF);
    NatsMessage message =
        NatsMessage.builder()
            .subject(settings.subjectName())
            .headers(headers)
            .data(batch.payload())
            .build();
    PublishOptions options =
        PublishOptions.builder()
            .messageId(batch.messageId())
            .expectedStream(settings.streamName())
            .build();
    return jetStream
        .publishAsync(message, options)
        .orTimeout(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .<Void>thenApply(ack -> null)
        .exceptionallyCompose(
            e ->
                CompletableFuture.failedFuture(
                    new QueueUnavailableException(
                        "JetStream did not acknowledge the publish: " + rootMessage(e), e)));
  }

  /** The next connection in turn that is connected, or null when none is. */
  private JetStream nextConnected() {
    int start = Math.floorMod(next.getAndIncrement(), publishers.size());
    for (int i = 0; i < publishers.size(); i++) {
      int k = (start + i) % publishers.size();
      if (publishers.get(k).getStatus() == Connection.Status.CONNECTED) {
        return jetStreams[k];
      }
    }
    return null;
  }

  @Override
  public int maxPayloadBytes() {
    var info = connection.getServerInfo();
    long max = info == null ? 1024 * 1024 : info.getMaxPayload();
    return (int) Math.max(4096, max - HEADER_ROOM);
  }

  /**
   * With work-queue retention an acknowledged message leaves the stream, so the stream's own counts
   * are the backlog.
   */
  @Override
  public QueueBacklog backlog() {
    if (connection.getStatus() != Connection.Status.CONNECTED) {
      throw new QueueUnavailableException(
          "NATS is not connected (" + connection.getStatus() + ")", null);
    }
    try {
      StreamState state = management.getStreamInfo(settings.streamName()).getStreamState();
      return new QueueBacklog(state.getMsgCount(), state.getByteCount());
    } catch (IOException | JetStreamApiException e) {
      throw new QueueUnavailableException(
          "cannot read stream " + settings.streamName() + ": " + rootMessage(e), e);
    }
  }

  @Override
  public QueueHealth check() {
    Connection.Status status = connection.getStatus();
    if (status != Connection.Status.CONNECTED) {
      return QueueHealth.down("NATS " + status);
    }
    return streamReady || ensureStream()
        ? QueueHealth.up("stream " + settings.streamName())
        : QueueHealth.down("stream " + settings.streamName() + " unavailable: " + notReady);
  }

  @Override
  public void close() {
    for (Connection extra : owned) {
      try {
        extra.flush(Duration.ofSeconds(2));
      } catch (TimeoutException | IllegalStateException e) {
        // Not connected: nothing is waiting to be written that a client was told is stored.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        extra.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean ensureStream() {
    try {
      JetStreamConnections.ensureStream(connection, settings);
      streamReady = true;
    } catch (JetStreamConnections.QueueMigrationRequiredException e) {
      notReady = e.getMessage();
      log.error(e.getMessage());
    } catch (Exception e) {
      notReady = rootMessage(e);
      log.warn("JetStream stream {} not ready yet: {}", settings.streamName(), notReady);
    }
    return streamReady;
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
