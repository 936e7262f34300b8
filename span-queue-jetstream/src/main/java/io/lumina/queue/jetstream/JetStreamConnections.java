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
   * Creates the stream, or updates its limits. File storage, limits retention, and discard-new so
   * that a full stream refuses publishes (ingestion answers 503) instead of deleting unconsumed
   * spans.
   */
  public static void ensureStream(Connection connection, JetStreamSettings settings)
      throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    StreamConfiguration config =
        StreamConfiguration.builder()
            .name(settings.streamName())
            .subjects(settings.subjectName(), settings.deadLetterSubject())
            .storageType(StorageType.File)
            .retentionPolicy(RetentionPolicy.Limits)
            .discardPolicy(DiscardPolicy.New)
            .maxAge(settings.maxAge())
            .maxBytes(settings.maxBytes())
            .duplicateWindow(settings.duplicateWindow())
            .replicas(settings.replicas())
            .build();
    try {
      jsm.getStreamInfo(settings.streamName());
      jsm.updateStream(config);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
      jsm.addStream(config);
      log.info(
          "created JetStream stream {} on subject {}",
          settings.streamName(),
          settings.subjectName());
    }
  }
}
