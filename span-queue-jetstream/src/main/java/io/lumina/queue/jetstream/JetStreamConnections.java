package io.lumina.queue.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens NATS connections that reconnect forever, and makes sure the span stream exists. */
public final class JetStreamConnections {
  private static final Logger log = LoggerFactory.getLogger(JetStreamConnections.class);
  private static final int STREAM_NOT_FOUND = 10059;

  private JetStreamConnections() {}

  /**
   * Connects, retrying in the background when the server is not up yet, so a service can start
   * before NATS does and report itself unhealthy meanwhile.
   */
  public static Connection connect(JetStreamSettings settings, String connectionName) {
    Options options =
        new Options.Builder()
            .server(settings.url())
            .connectionName(connectionName)
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(500))
            .connectionTimeout(Duration.ofSeconds(2))
            .connectionListener(
                (conn, event) -> log.info("NATS connection {}: {}", connectionName, event))
            .errorListener(new io.nats.client.ErrorListener() {})
            .build();
    try {
      return Nats.connectReconnectOnConnect(options);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open NATS connection to " + settings.url(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to NATS", e);
    }
  }

  /**
   * Creates the span stream and the dead-letter stream, or updates their limits.
   *
   * <p>The span stream: file storage, work-queue retention (an acknowledged message leaves the
   * stream at once, so the stream holds only what no worker has committed yet), and discard-new so
   * that a full stream refuses publishes (ingestion answers 503) instead of deleting unconsumed
   * spans. The dead-letter stream: limits retention with its own age and size, discard-new (a
   * message that cannot be dead-lettered stays in the span stream).
   *
   * @throws QueueMigrationRequiredException when the span stream exists with another retention
   *     (installations from before work-queue retention): retention cannot change in place, {@code
   *     ./lumina queue migrate} moves the pending messages to a new stream
   */
  public static void ensureStream(Connection connection, JetStreamSettings settings)
      throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    ensure(jsm, spanStreamConfiguration(settings), RetentionPolicy.WorkQueue);
    ensure(jsm, deadLetterStreamConfiguration(settings), RetentionPolicy.Limits);
  }

  /**
   * Fails the start of a service whose span stream still needs {@code ./lumina queue migrate}, when
   * NATS can be asked now (a service that starts before NATS finds out at its first use, and its
   * health says so).
   */
  public static void requireMigrated(Connection connection, JetStreamSettings settings) {
    if (connection.getStatus() != Connection.Status.CONNECTED) {
      return;
    }
    try {
      StreamInfo info = connection.jetStreamManagement().getStreamInfo(settings.streamName());
      RetentionPolicy actual = info.getConfiguration().getRetentionPolicy();
      if (actual != RetentionPolicy.WorkQueue) {
        throw new QueueMigrationRequiredException(
            settings.streamName(), actual, RetentionPolicy.WorkQueue);
      }
    } catch (IOException | JetStreamApiException e) {
      // Not there yet (created at first use) or not answering: nothing to refuse now.
    }
  }

  static StreamConfiguration spanStreamConfiguration(JetStreamSettings settings) {
    return StreamConfiguration.builder()
        .name(settings.streamName())
        .subjects(settings.subjectName())
        .storageType(StorageType.File)
        .retentionPolicy(RetentionPolicy.WorkQueue)
        .discardPolicy(DiscardPolicy.New)
        .maxAge(settings.maxAge())
        .maxBytes(settings.maxBytes())
        .duplicateWindow(settings.duplicateWindow())
        .replicas(settings.replicas())
        .build();
  }

  static StreamConfiguration deadLetterStreamConfiguration(JetStreamSettings settings) {
    return StreamConfiguration.builder()
        .name(settings.deadLetterStreamName())
        .subjects(settings.deadLetterSubject())
        .storageType(StorageType.File)
        .retentionPolicy(RetentionPolicy.Limits)
        .discardPolicy(DiscardPolicy.New)
        .maxAge(settings.deadLetterMaxAge())
        .maxBytes(settings.deadLetterMaxBytes())
        .duplicateWindow(settings.duplicateWindow())
        .replicas(settings.replicas())
        .build();
  }

  private static void ensure(
      JetStreamManagement jsm, StreamConfiguration config, RetentionPolicy expected)
      throws IOException, JetStreamApiException {
    StreamInfo existing;
    try {
      existing = jsm.getStreamInfo(config.getName());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
      jsm.addStream(config);
      log.info(
          "created JetStream stream {} on subjects {}", config.getName(), config.getSubjects());
      return;
    }
    RetentionPolicy actual = existing.getConfiguration().getRetentionPolicy();
    if (actual != expected) {
      throw new QueueMigrationRequiredException(config.getName(), actual, expected);
    }
    jsm.updateStream(config);
  }

  /** The span stream predates work-queue retention; the operator must migrate it. */
  public static final class QueueMigrationRequiredException extends IllegalStateException {
    QueueMigrationRequiredException(
        String stream, RetentionPolicy actual, RetentionPolicy expected) {
      super(
          "JetStream stream "
              + stream
              + " has "
              + actual
              + " retention, Lumina needs "
              + expected
              + " retention (acknowledged messages leave the stream). Retention cannot change in"
              + " place: stop ingestion and the workers, run `./lumina queue migrate` (it moves"
              + " the pending messages and dead letters to new streams), then start again. See"
              + " docs/worker.md.");
    }
  }
}
