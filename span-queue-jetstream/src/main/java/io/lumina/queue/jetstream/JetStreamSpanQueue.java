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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes span batches to JetStream and completes only on the server's acknowledgement. While the
 * connection is down it fails at once rather than letting jnats buffer without bound: a client that
 * gets 503 retries, and the content-derived message id makes that retry harmless.
 */
public final class JetStreamSpanQueue implements SpanQueue {
  private static final Logger log = LoggerFactory.getLogger(JetStreamSpanQueue.class);

  /** Room for the headers and subject within the server's max payload. */
  private static final int HEADER_ROOM = 1024;

  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final JetStreamSettings settings;
  private volatile boolean streamReady;
  private volatile String notReady = "not created yet";

  public JetStreamSpanQueue(Connection connection, JetStreamSettings settings) {
    this.connection = connection;
    this.settings = settings;
    try {
      this.jetStream = connection.jetStream();
      this.management = connection.jetStreamManagement();
    } catch (IOException e) {
      throw new IllegalStateException("cannot open JetStream context", e);
    }
    ensureStream();
  }

  @Override
  public CompletableFuture<Void> publish(SpanBatch batch) {
    if (connection.getStatus() != Connection.Status.CONNECTED) {
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
    // The connection is owned by whoever created it.
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
