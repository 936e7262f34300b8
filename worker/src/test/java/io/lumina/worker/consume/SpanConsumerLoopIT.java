package io.lumina.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.queue.QueueHealth;
import io.lumina.queue.QueuedBatch;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.storage.queue.PostgresMessageFailures;
import io.lumina.storage.spans.PostgresSpanPartitions;
import io.lumina.storage.spans.PostgresSpanWriter;
import io.lumina.storage.spans.SpanWriteException;
import io.lumina.testing.OtlpSpans;
import io.lumina.testing.TestDatabase;
import io.lumina.wire.SpanBatch;
import io.lumina.worker.Otlp;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.sampling.SamplingRules;
import io.lumina.worker.store.RetentionProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer loop's decisions against the real database, with a scripted queue: what is acked,
 * retried or dead-lettered, and that one bad message never holds up the others.
 */
class SpanConsumerLoopIT {
  static final String BAD_PROJECT = "bad-project";

  DataSource ds;
  SimpleMeterRegistry meters;
  SpanConsumerLoop loop;
  DatabaseGate gate;

  @BeforeEach
  void setUp() {
    ds = TestDatabase.shared().migrate().dataSource();
    meters = new SimpleMeterRegistry();
    // A price lookup that blows up for one project: a content failure that happens on every
    // delivery.
    CostCalculator costs =
        new CostCalculator(
            PriceCatalog.bundled(),
            (project, model) -> {
              if (project.equals(BAD_PROJECT)) {
                throw new IllegalStateException("cannot price for " + project);
              }
              return Optional.empty();
            });
    SpanBatchDecoder decoder =
        new SpanBatchDecoder(
            new SpanNormalizer(),
            costs,
            new Sampler(SamplingRules.keepAll()),
            new RetentionProperties(7, "0 0 * * *"),
            Clock.systemUTC());
    WorkerProperties settings =
        new WorkerProperties(
            "d",
            10,
            Duration.ofMillis(100),
            Duration.ofSeconds(30),
            3,
            1,
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofSeconds(5),
            true);
    PostgresSpanWriter writer = new PostgresSpanWriter(ds, new PostgresSpanPartitions(ds), meters);
    gate = new DatabaseGate(writer, settings, meters);
    loop =
        new SpanConsumerLoop(
            new NoQueue(),
            decoder,
            writer,
            gate,
            settings,
            new BatchProperties(5000, org.springframework.util.unit.DataSize.ofMegabytes(16)),
            new PostgresMessageFailures(ds),
            meters);
  }

  @Test
  void goodMessagesAreStoredAndAckedWhileAPoisonMessageIsDeadLetteredAtOnce() throws Exception {
    String project = "loop" + UUID.randomUUID().toString().substring(0, 8);
    FakeDelivery good1 = new FakeDelivery(batch(project, 3), 1);
    FakeDelivery poison =
        new FakeDelivery(new SpanBatch(project, 0, new byte[] {1, 2, 3, 4, 5}, "junk"), 1);
    FakeDelivery good2 = new FakeDelivery(batch(project, 2), 1);

    loop.process(List.of(good1, poison, good2));

    assertThat(good1.outcome).isEqualTo("ack");
    assertThat(good2.outcome).isEqualTo("ack");
    assertThat(poison.outcome).startsWith("dead:payload is not an OTLP ExportTraceServiceRequest");
    assertThat(spans(project)).isEqualTo(5);
    assertThat(
            meters.get("lumina.worker.dead.letters").tag("reason", "unreadable").counter().count())
        .isEqualTo(1);
    assertThat(meters.get("lumina.worker.spans.stored").counter().count()).isEqualTo(5);
    assertThat(meters.get("lumina.worker.batch.size").summary().count()).isEqualTo(1);
  }

  @Test
  void aMessageThatKeepsFailingIsRetriedThenDeadLetteredWithItsReasonWithoutBlockingOthers()
      throws Exception {
    String project = "loop" + UUID.randomUUID().toString().substring(0, 8);
    SpanBatch bad = batch(BAD_PROJECT, 1);
    for (int delivery = 1; delivery <= 3; delivery++) {
      FakeDelivery failing = new FakeDelivery(bad, delivery);
      FakeDelivery good = new FakeDelivery(batch(project, 1), delivery);
      loop.process(List.of(failing, good));
      assertThat(good.outcome).isEqualTo("ack");
      if (delivery < 3) {
        assertThat(failing.outcome).isEqualTo("retry");
      } else {
        assertThat(failing.outcome)
            .startsWith("dead:failed 3 times, last: cannot process:")
            .contains("cannot price for bad-project");
      }
    }
    assertThat(spans(project)).isEqualTo(3);
    assertThat(meters.get("lumina.worker.dead.letters").tag("reason", "failed").counter().count())
        .isEqualTo(1);
    assertThat(meters.get("lumina.worker.redeliveries").counter().count()).isEqualTo(4);
  }

  @Test
  void infrastructureRedeliveriesDoNotSpendTheContentFailureBudget() throws Exception {
    // Delivered many times already (ack waits expired while the worker waited for the database):
    // its first content failure is still only its first.
    SpanBatch bad = batch(BAD_PROJECT, 1);
    FakeDelivery tenth = new FakeDelivery(bad, 10);
    loop.process(List.of(tenth));
    assertThat(tenth.outcome).isEqualTo("retry");
    FakeDelivery eleventh = new FakeDelivery(bad, 11);
    loop.process(List.of(eleventh));
    assertThat(eleventh.outcome).isEqualTo("retry");
    FakeDelivery twelfth = new FakeDelivery(bad, 12);
    loop.process(List.of(twelfth));
    assertThat(twelfth.outcome).startsWith("dead:failed 3 times, last: cannot process:");

    // A message that failed once and then was stored starts from zero if it ever comes again.
    String project = "loop" + UUID.randomUUID().toString().substring(0, 8);
    SpanBatch good = batch(project, 1);
    new PostgresMessageFailures(TestDatabase.shared().dataSource()).record(good.messageId(), "x");
    FakeDelivery stored = new FakeDelivery(good, 2);
    loop.process(List.of(stored));
    assertThat(stored.outcome).isEqualTo("ack");
    assertThat(
            new PostgresMessageFailures(TestDatabase.shared().dataSource())
                .record(good.messageId(), "y"))
        .isEqualTo(1);
  }

  @Test
  void redeliveredMessagesAreAckedAndCountedAsDuplicates() throws Exception {
    String project = "loop" + UUID.randomUUID().toString().substring(0, 8);
    SpanBatch batch = batch(project, 4);
    loop.process(List.of(new FakeDelivery(batch, 1)));
    FakeDelivery again = new FakeDelivery(batch, 2);
    loop.process(List.of(again));
    assertThat(again.outcome).isEqualTo("ack");
    assertThat(spans(project)).isEqualTo(4);
    assertThat(meters.get("lumina.worker.spans.duplicate").counter().count()).isEqualTo(4);
  }

  @Test
  void aDataErrorIsNoOutageWhileTheDatabaseAnswers() {
    assertThat(gate.isOutageNow(new SpanWriteException(new java.sql.SQLException("bad", "22P02"))))
        .isFalse();
    assertThat(gate.isOutageNow(new SpanWriteException(new java.sql.SQLException("gone", "08006"))))
        .isTrue();
  }

  static SpanBatch batch(String project, int spans) {
    String trace = OtlpSpans.randomTraceId();
    List<io.opentelemetry.proto.trace.v1.Span> list = new ArrayList<>();
    for (int i = 0; i < spans; i++) {
      list.add(
          OtlpSpans.llmSpan(trace, OtlpSpans.randomSpanId(), null, Instant.now(), "gpt-4o", 10, 5)
              .build());
    }
    return Otlp.batch(project, "svc", list);
  }

  long spans(String project) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM spans WHERE project_id = '" + project + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Records how its delivery ended. */
  static final class FakeDelivery implements QueuedBatch {
    final SpanBatch batch;
    final long deliveryCount;
    String outcome;

    FakeDelivery(SpanBatch batch, long deliveryCount) {
      this.batch = batch;
      this.deliveryCount = deliveryCount;
    }

    @Override
    public SpanBatch batch() {
      return batch;
    }

    @Override
    public long deliveryCount() {
      return deliveryCount;
    }

    @Override
    public void ack() {
      end("ack");
    }

    @Override
    public void retryLater(Duration delay) {
      end("retry");
    }

    @Override
    public void deadLetter(String reason) {
      end("dead:" + reason);
    }

    private void end(String how) {
      assertThat(outcome).as("a delivery ends once").isNull();
      outcome = how;
    }
  }

  /** The loop is driven through process() here; its own fetching is not used. */
  static final class NoQueue implements SpanQueueConsumer {
    @Override
    public List<QueuedBatch> fetch(int maxMessages, long maxBytes, Duration maxWait) {
      return List.of();
    }

    @Override
    public long pending() {
      return 0;
    }

    @Override
    public QueueHealth check() {
      return QueueHealth.up("none");
    }

    @Override
    public void close() {}
  }
}
