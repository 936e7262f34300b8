package io.lumina.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import io.lumina.storage.spans.IncomingSpan;
import io.lumina.storage.spans.PostgresSpanPartitions;
import io.lumina.storage.spans.PostgresSpanWriter;
import io.lumina.storage.spans.SpanWriteException;
import io.lumina.storage.spans.SpanWriter;
import io.lumina.testing.TestDatabase;
import io.lumina.wire.SpanBatch;
import io.lumina.worker.PrivateStream;
import io.lumina.worker.WorkerApplication;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.store.RetentionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The pipelined worker (the next batch decoded while the current one is written) keeps
 * ack-after-commit under a database outage in the middle of the pipeline: the third write waits
 * until the consuming thread has decoded part of the next batch, then fails as an outage. Every
 * span is then stored exactly once (spans, trace summaries and the stored counter agree), and every
 * message is acknowledged (the work-queue stream ends empty).
 */
class PipelineIT {
  static final int MESSAGES = 30;
  static final int SPANS_PER_MESSAGE = 10;
  static final int FAILING_WRITE = 3;

  static ConfigurableApplicationContext worker;
  static PrivateStream stream;
  static final AtomicInteger decodes = new AtomicInteger();
  static final AtomicInteger writes = new AtomicInteger();
  static final AtomicInteger messagesGivenToWriter = new AtomicInteger();
  static final AtomicBoolean decodedDuringWrite = new AtomicBoolean();
  static final AtomicBoolean failed = new AtomicBoolean();

  /** The test seams: the real decoder and writer, counted, and one write that fails. */
  @Configuration(proxyBeanMethods = false)
  static class Seams {
    @Bean
    @Primary
    SpanBatchDecoder countingDecoder(
        SpanNormalizer normalizer,
        CostCalculator costs,
        Sampler sampler,
        RetentionProperties retention,
        Optional<Clock> clock) {
      return new SpanBatchDecoder(
          normalizer, costs, sampler, retention, clock.orElse(Clock.systemUTC())) {
        @Override
        public Decoded decode(SpanBatch batch) {
          decodes.incrementAndGet();
          return super.decode(batch);
        }
      };
    }

    @Bean
    SpanWriter failingOnceWriter(DataSource ds, MeterRegistry meters) {
      PostgresSpanWriter real = new PostgresSpanWriter(ds, new PostgresSpanPartitions(ds), meters);
      return new SpanWriter() {
        @Override
        public int write(List<IncomingSpan> spans) throws SpanWriteException {
          int given = messagesGivenToWriter.addAndGet(spans.size() / SPANS_PER_MESSAGE);
          if (writes.incrementAndGet() == FAILING_WRITE) {
            // The consuming thread cannot hand over another batch before this write ends, so a
            // message decoded beyond those given to the writer so far was decoded ahead, while
            // this batch was being written (possibly already before this call began).
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (decodes.get() <= given && System.nanoTime() < deadline) {
              sleep(10);
            }
            decodedDuringWrite.set(decodes.get() > given);
            failed.set(true);
            throw new SpanWriteException(new SQLException("injected outage", "08006"));
          }
          return real.write(spans);
        }

        @Override
        public boolean check() {
          return real.check();
        }
      };
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @BeforeAll
  static void start() throws Exception {
    TestDatabase.shared().migrate();
    stream = new PrivateStream();
    String[] args =
        stream.workerArgs(
            "--lumina.retention.days=0",
            "--lumina.worker.consumers=1",
            "--lumina.worker.pipeline=true",
            "--lumina.worker.batch.max-spans=" + 2 * SPANS_PER_MESSAGE,
            "--lumina.worker.fetch-wait=200ms",
            "--lumina.worker.ack-wait=10s",
            "--lumina.worker.retry-backoff=200ms",
            "--lumina.worker.max-backoff=1s");
    worker = WorkerApplication.builder().sources(Seams.class).run(args);
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.close();
    }
    if (stream != null) {
      stream.close();
    }
  }

  @Test
  void aDatabaseOutageMidPipelineLosesAndDuplicatesNothingAndEveryMessageIsAcknowledged()
      throws Exception {
    String project = "pipe" + UUID.randomUUID().toString().substring(0, 8);
    double storedBefore = storedCounter();

    stream.publish(project, MESSAGES, SPANS_PER_MESSAGE);

    int expected = MESSAGES * SPANS_PER_MESSAGE;
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> count("SELECT count(*) FROM spans WHERE project_id = ?", project) >= expected);
    assertThat(failed).as("the injected failure happened").isTrue();
    assertThat(decodedDuringWrite)
        .as("the next batch was decoded while a batch was being written")
        .isTrue();
    assertThat(count("SELECT count(*) FROM spans WHERE project_id = ?", project))
        .isEqualTo(expected);
    assertThat(count("SELECT count(DISTINCT span_id) FROM spans WHERE project_id = ?", project))
        .isEqualTo(expected);
    assertThat(
            count("SELECT coalesce(sum(span_count), 0) FROM traces WHERE project_id = ?", project))
        .as("trace summaries count each span once")
        .isEqualTo(expected);
    assertThat(storedCounter() - storedBefore).as("spans newly stored").isEqualTo(expected);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> streamMessages() == 0);
  }

  private static double storedCounter() {
    return worker.getBean(MeterRegistry.class).get("lumina.worker.spans.stored").counter().count();
  }

  private static long streamMessages() throws Exception {
    try (Connection c = io.lumina.testing.TestNats.shared().connect()) {
      return c.jetStreamManagement()
          .getStreamInfo(stream.settings().streamName())
          .getStreamState()
          .getMsgCount();
    }
  }

  private static long count(String sql, String project) throws Exception {
    try (var c = TestDatabase.shared().connect();
        var ps = c.prepareStatement(sql)) {
      ps.setString(1, project);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
