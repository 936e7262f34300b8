package io.lumina.queue.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code ./lumina queue migrate}: moves a span stream with limits retention (installations from
 * before work-queue retention) to a work-queue stream of the same name, and its dead letters to the
 * dead-letter stream. JetStream cannot change a stream's retention in place, so:
 *
 * <ol>
 *   <li>the old stream stops taking publishes (its subjects move to {@code <subject>.migrating};
 *       ingestion answers 503 meanwhile, and clients retry);
 *   <li>the messages the worker's durable consumer has not acknowledged (everything above its ack
 *       floor) are copied to a holding stream {@code <stream>_MIGRATION}, the dead letters to the
 *       dead-letter stream, and the old stream is deleted;
 *   <li>the new work-queue stream is created, the held messages are copied into it, and the holding
 *       stream is deleted.
 * </ol>
 *
 * At every step each pending message is in at least one stream, and running the command again after
 * an interruption resumes where it stopped; a message copied twice is stored once (the writer
 * ignores a span it already has). Stop ingestion and the workers first
 * (docs/worker.md#migrating-the-stream).
 */
public final class JetStreamQueueMigration {
  private static final int STREAM_NOT_FOUND = 10059;
  private static final int CONSUMER_NOT_FOUND = 10014;
  private static final int NO_MESSAGE_FOUND = 10037;

  private final Connection connection;
  private final JetStreamSettings settings;
  private final String durableName;
  private final PrintStream out;

  public JetStreamQueueMigration(
      Connection connection, JetStreamSettings settings, String durableName, PrintStream out) {
    this.connection = connection;
    this.settings = settings;
    this.durableName = settings.prefixed(durableName);
    this.out = out;
  }

  /** What a run did. */
  public record Result(boolean changed, long pendingMessages, long deadLetters) {}

  public Result migrate() throws IOException, JetStreamApiException, InterruptedException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    String holding = settings.streamName() + "_MIGRATION";
    String holdingSubject = settings.subjectName() + ".migration";
    long pending = 0;
    long dead = 0;
    boolean changed = false;

    StreamInfo old = info(jsm, settings.streamName());
    if (old != null && old.getConfiguration().getRetentionPolicy() != RetentionPolicy.WorkQueue) {
      changed = true;
      out.printf(
          "stream %s has %s retention: moving its pending messages%n",
          settings.streamName(), old.getConfiguration().getRetentionPolicy());
      jsm.updateStream(
          StreamConfiguration.builder(old.getConfiguration())
              .subjects(settings.subjectName() + ".migrating")
              .build());
      if (info(jsm, holding) == null) {
        jsm.addStream(
            StreamConfiguration.builder()
                .name(holding)
                .subjects(holdingSubject)
                .storageType(StorageType.File)
                .duplicateWindow(settings.duplicateWindow())
                .replicas(settings.replicas())
                .build());
      }
      ensureDeadLetterStream(jsm);
      long ackFloor = ackFloor(jsm);
      StreamState state = jsm.getStreamInfo(settings.streamName()).getStreamState();
      long seq = state.getFirstSequence();
      while (state.getMsgCount() > 0 && seq <= state.getLastSequence()) {
        MessageInfo message = next(jsm, settings.streamName(), seq);
        if (message == null) {
          break;
        }
        if (message.getSubject().equals(settings.deadLetterSubject())) {
          copy(message, settings.deadLetterSubject(), settings.deadLetterStreamName());
          dead++;
        } else if (message.getSeq() > ackFloor) {
          copy(message, holdingSubject, holding);
          pending++;
        }
        seq = message.getSeq() + 1;
      }
      jsm.deleteStream(settings.streamName());
      out.printf(
          "copied %d pending messages to %s and %d dead letters to %s; deleted the old stream%n",
          pending, holding, dead, settings.deadLetterStreamName());
    }

    if (info(jsm, holding) != null) {
      changed = true;
      JetStreamConnections.ensureStream(connection, settings);
      long moved = 0;
      StreamState state = jsm.getStreamInfo(holding).getStreamState();
      long seq = state.getFirstSequence();
      while (state.getMsgCount() > 0 && seq <= state.getLastSequence()) {
        MessageInfo message = next(jsm, holding, seq);
        if (message == null) {
          break;
        }
        copy(message, settings.subjectName(), settings.streamName());
        moved++;
        seq = message.getSeq() + 1;
      }
      jsm.deleteStream(holding);
      pending = Math.max(pending, moved);
      out.printf(
          "created work-queue stream %s with %d pending messages%n", settings.streamName(), moved);
    }
    if (!changed) {
      out.printf(
          old == null
              ? "no stream %s: nothing to do (ingestion and the worker create it)%n"
              : "stream %s already has work-queue retention: nothing to do%n",
          settings.streamName());
    }
    return new Result(changed, pending, dead);
  }

  private void ensureDeadLetterStream(JetStreamManagement jsm)
      throws IOException, JetStreamApiException {
    if (info(jsm, settings.deadLetterStreamName()) == null) {
      jsm.addStream(JetStreamConnections.deadLetterStreamConfiguration(settings));
    }
  }

  /** The durable consumer's ack floor: every message at or below it is committed. */
  private long ackFloor(JetStreamManagement jsm) throws IOException, JetStreamApiException {
    try {
      ConsumerInfo consumer = jsm.getConsumerInfo(settings.streamName(), durableName);
      return consumer.getAckFloor() == null ? 0 : consumer.getAckFloor().getStreamSequence();
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == CONSUMER_NOT_FOUND) {
        out.printf("no consumer %s: every message is copied%n", durableName);
        return 0;
      }
      throw e;
    }
  }

  private void copy(MessageInfo message, String subject, String stream)
      throws IOException, JetStreamApiException {
    Headers headers = new Headers();
    String messageId = null;
    if (message.getHeaders() != null) {
      for (Map.Entry<String, java.util.List<String>> e : message.getHeaders().entrySet()) {
        if (e.getKey().equalsIgnoreCase("Nats-Msg-Id")) {
          messageId = e.getValue().getFirst();
        } else {
          headers.put(e.getKey(), e.getValue());
        }
      }
    }
    PublishOptions.Builder options =
        PublishOptions.builder().expectedStream(stream).streamTimeout(Duration.ofSeconds(10));
    // The same id again: a copy repeated by a resumed run within the duplicate window is dropped.
    options.messageId(messageId != null ? messageId : "migrated-" + message.getSeq());
    connection
        .jetStream()
        .publish(
            NatsMessage.builder()
                .subject(subject)
                .headers(headers)
                .data(message.getData() == null ? new byte[0] : message.getData())
                .build(),
            options.build());
  }

  private static MessageInfo next(JetStreamManagement jsm, String stream, long seq)
      throws IOException, JetStreamApiException {
    try {
      return jsm.getNextMessage(stream, seq, null);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private static StreamInfo info(JetStreamManagement jsm, String stream)
      throws IOException, JetStreamApiException {
    try {
      return jsm.getStreamInfo(stream);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  /**
   * The command line entry, reading the services' own environment ({@code LUMINA_NATS_URL}, {@code
   * LUMINA_NATS_PREFIX}, {@code LUMINA_NATS_STREAM}, {@code LUMINA_NATS_SUBJECT}, {@code
   * LUMINA_WORKER_DURABLE_NAME}, {@code LUMINA_NATS_DUPLICATE_WINDOW}).
   */
  public static void main(String[] args) throws Exception {
    JetStreamSettings defaults =
        JetStreamSettings.defaults(env("LUMINA_NATS_URL", "nats://127.0.0.1:4222"));
    JetStreamSettings settings =
        new JetStreamSettings(
            defaults.url(),
            env("LUMINA_NATS_PREFIX", ""),
            env("LUMINA_NATS_STREAM", defaults.stream()),
            env("LUMINA_NATS_SUBJECT", defaults.subject()),
            defaults.maxAge(),
            defaults.maxBytes(),
            DurationStyle.detectAndParse(env("LUMINA_NATS_DUPLICATE_WINDOW", "2m")),
            defaults.publishTimeout(),
            defaults.replicas(),
            env("LUMINA_NATS_DEAD_LETTER_STREAM", defaults.deadLetterStream()),
            defaults.deadLetterMaxAge(),
            defaults.deadLetterMaxBytes(),
            defaults.publishConnections());
    try (Connection connection = JetStreamConnections.connect(settings, "lumina-queue-migrate")) {
      if (!connection.getStatus().equals(Connection.Status.CONNECTED)) {
        waitConnected(connection);
      }
      new JetStreamQueueMigration(
              connection, settings, env("LUMINA_WORKER_DURABLE_NAME", "lumina-worker"), System.out)
          .migrate();
    }
  }

  private static void waitConnected(Connection connection) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (connection.getStatus() != Connection.Status.CONNECTED) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cannot reach NATS at " + connection.getConnectedUrl());
      }
      Thread.sleep(100);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
