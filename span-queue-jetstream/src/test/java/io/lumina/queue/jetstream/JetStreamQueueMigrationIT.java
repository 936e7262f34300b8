package io.lumina.queue.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.queue.DeadLetter;
import io.lumina.queue.QueuedBatch;
import io.lumina.queue.SpanQueueClient;
import io.lumina.testing.TestNats;
import io.lumina.wire.WireHeaders;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An installation whose span stream predates work-queue retention: services refuse to start with a
 * message naming the command, and {@code ./lumina queue migrate} keeps exactly what the workers had
 * not acknowledged, and the dead letters.
 */
class JetStreamQueueMigrationIT {
  private final JetStreamSettings settings =
      JetStreamSettings.defaults(TestNats.shared().url()).withPrefix(TestNats.shared().newPrefix());
  private Connection nats;

  @AfterEach
  void deleteStreams() throws Exception {
    for (String stream :
        List.of(
            settings.streamName(),
            settings.deadLetterStreamName(),
            settings.streamName() + "_MIGRATION")) {
      try {
        nats.jetStreamManagement().deleteStream(stream);
      } catch (Exception e) {
        // not there
      }
    }
    nats.close();
  }

  @Test
  void aLimitsStreamIsRefusedThenMigratedWithItsPendingMessagesAndDeadLetters() throws Exception {
    nats = TestNats.shared().connect();
    JetStreamManagement jsm = nats.jetStreamManagement();
    // The stream as earlier versions created it.
    jsm.addStream(
        StreamConfiguration.builder()
            .name(settings.streamName())
            .subjects(settings.subjectName(), settings.deadLetterSubject())
            .storageType(StorageType.File)
            .retentionPolicy(RetentionPolicy.Limits)
            .discardPolicy(DiscardPolicy.New)
            .build());
    for (int i = 0; i < 5; i++) {
      publish(settings.subjectName(), "span-" + i, null);
    }
    publish(settings.deadLetterSubject(), "old-dead", "could not be decoded");
    // The worker had committed the first two.
    String durable = settings.prefixed("lumina-worker");
    jsm.addOrUpdateConsumer(
        settings.streamName(),
        ConsumerConfiguration.builder()
            .durable(durable)
            .filterSubject(settings.subjectName())
            .ackPolicy(AckPolicy.Explicit)
            .build());
    JetStreamSubscription sub =
        nats.jetStream()
            .subscribe(
                settings.subjectName(),
                PullSubscribeOptions.builder().stream(settings.streamName())
                    .bind(true)
                    .durable(durable)
                    .build());
    for (Message m : sub.fetch(2, Duration.ofSeconds(2))) {
      m.ackSync(Duration.ofSeconds(2));
    }
    sub.unsubscribe();

    assertThatThrownBy(() -> JetStreamConnections.requireMigrated(nats, settings))
        .hasMessageContaining("./lumina queue migrate")
        .hasMessageContaining(settings.streamName());

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    JetStreamQueueMigration.Result result =
        new JetStreamQueueMigration(
                nats, settings, "lumina-worker", new PrintStream(log, true, StandardCharsets.UTF_8))
            .migrate();
    assertThat(result.changed()).isTrue();
    assertThat(result.pendingMessages()).isEqualTo(3);
    assertThat(result.deadLetters()).isEqualTo(1);

    assertThat(jsm.getStreamInfo(settings.streamName()).getConfiguration().getRetentionPolicy())
        .isEqualTo(RetentionPolicy.WorkQueue);
    JetStreamConnections.requireMigrated(nats, settings);

    JetStreamSpanConsumer consumer =
        new JetStreamSpanConsumer(
            nats,
            settings,
            new SpanQueueClient.Consumer(
                "migration-it", "lumina-worker", Duration.ofSeconds(5), 100));
    Set<String> payloads = new HashSet<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (payloads.size() < 3 && System.nanoTime() < deadline) {
      for (QueuedBatch q : consumer.fetch(10, Duration.ofMillis(500))) {
        payloads.add(new String(q.batch().payload(), StandardCharsets.UTF_8));
        assertThat(q.batch().projectId()).isEqualTo("default");
        q.ack();
      }
    }
    assertThat(payloads).containsExactlyInAnyOrder("span-2", "span-3", "span-4");

    List<DeadLetter> dead = new JetStreamDeadLetters(nats, settings).list(null, 0, 10);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).reason()).isEqualTo("could not be decoded");

    JetStreamQueueMigration.Result again =
        new JetStreamQueueMigration(nats, settings, "lumina-worker", new PrintStream(log))
            .migrate();
    assertThat(again.changed()).as("a second run finds nothing to do").isFalse();
  }

  private void publish(String subject, String payload, String reason) throws Exception {
    Headers headers =
        new Headers()
            .add(WireHeaders.PROJECT, "default")
            .add(WireHeaders.RECEIVED_AT, "1700000000000")
            .add("Nats-Msg-Id", subject + payload);
    if (reason != null) {
      headers.add(WireHeaders.DEAD_LETTER_REASON, reason);
    }
    nats.jetStream()
        .publish(
            NatsMessage.builder()
                .subject(subject)
                .headers(headers)
                .data(payload.getBytes(StandardCharsets.UTF_8))
                .build());
  }
}
