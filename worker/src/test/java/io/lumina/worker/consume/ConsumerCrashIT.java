package io.lumina.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import io.lumina.queue.DeadLetter;
import io.lumina.queue.DeadLetterStore;
import io.lumina.testing.OtlpSpans;
import io.lumina.testing.TestDatabase;
import io.lumina.testing.TestInfra;
import io.lumina.wire.SpanBatch;
import io.lumina.worker.Otlp;
import io.lumina.worker.PrivateStream;
import io.lumina.worker.WorkerApplication;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.store.RetentionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * A message that makes decoding throw a StackOverflowError is isolated (its neighbours stored, it
 * dead-lettered after its retries) without losing the thread; an error that kills the consuming
 * thread makes health DOWN until the thread is replaced, and the message that killed it ends as a
 * dead letter with the reason. The errors are injected through a decoder that replaces the real one
 * for messages of marked projects.
 */
class ConsumerCrashIT {
  static ConfigurableApplicationContext worker;
  static PrivateStream stream;
  static int port;

  /** The test seam: the real decoder, except for projects named to provoke an error. */
  @Configuration(proxyBeanMethods = false)
  static class CrashingDecoder {
    @Bean
    @Primary
    SpanBatchDecoder crashingDecoder(
        SpanNormalizer normalizer,
        CostCalculator costs,
        Sampler sampler,
        RetentionProperties retention,
        Optional<Clock> clock) {
      return new SpanBatchDecoder(
          normalizer, costs, sampler, retention, clock.orElse(Clock.systemUTC())) {
        @Override
        public Decoded decode(SpanBatch batch) {
          if (batch.projectId().startsWith("overflow")) {
            return recurse(batch, 0);
          }
          if (batch.projectId().startsWith("fatal")) {
            throw new InternalError("injected by ConsumerCrashIT");
          }
          return super.decode(batch);
        }

        private Decoded recurse(SpanBatch batch, int depth) {
          return depth < Integer.MAX_VALUE ? recurse(batch, depth + 1) : null;
        }
      };
    }
  }

  @BeforeAll
  static void start() throws Exception {
    TestDatabase.shared().migrate();
    stream = new PrivateStream();
    List<String> args = new ArrayList<>();
    Map<String, Object> props = new java.util.LinkedHashMap<>(TestInfra.properties());
    props.putAll(stream.properties());
    props.forEach((k, v) -> args.add("--" + k + "=" + v));
    args.addAll(
        List.of(
            "--server.port=0",
            "--lumina.retention.days=0",
            "--lumina.worker.consumers=1",
            "--lumina.worker.fetch-wait=200ms",
            "--lumina.worker.ack-wait=5s",
            "--lumina.worker.retry-backoff=2s",
            "--lumina.worker.max-backoff=4s",
            "--lumina.worker.max-deliveries=2"));
    worker =
        WorkerApplication.builder().sources(CrashingDecoder.class).run(args.toArray(String[]::new));
    port = ((WebServerApplicationContext) worker).getWebServer().getPort();
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
  void aStackOverflowInDecodingCostsOnlyItsMessage() throws Exception {
    String good = "ok" + UUID.randomUUID().toString().substring(0, 8);
    double restartsBefore = restarts();
    SpanBatch poison = Otlp.batch("overflow-" + good, "svc", List.of(span()));
    stream.publish(poison);
    stream.publish(Otlp.batch(good, "svc", List.of(span())));

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> stored(good) == 1);
    DeadLetter letter = awaitDeadLetter(poison.messageId());
    assertThat(letter.reason()).contains("StackOverflowError");
    assertThat(letter.deliveries()).isEqualTo(2);
    assertThat(restarts()).as("the thread survived").isEqualTo(restartsBefore);
    assertThat(healthStatus()).isEqualTo(200);
  }

  @Test
  void aThreadKilledByAnErrorIsReplacedHealthIsDownMeanwhileAndTheCulpritIsDeadLettered()
      throws Exception {
    String good = "ok" + UUID.randomUUID().toString().substring(0, 8);
    double restartsBefore = restarts();
    SpanBatch killer = Otlp.batch("fatal-" + good, "svc", List.of(span()));
    stream.publish(killer);

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> healthStatus() == 503);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> restarts() > restartsBefore && healthStatus() == 200);

    DeadLetter letter = awaitDeadLetter(killer.messageId());
    assertThat(letter.reason()).contains("consumer thread died").contains("InternalError");
    assertThat(letter.deliveries()).isEqualTo(2);

    // A replacement runs and stores what comes next.
    stream.publish(Otlp.batch(good, "svc", List.of(span())));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> stored(good) == 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> healthStatus() == 200);
  }

  private static DeadLetter awaitDeadLetter(String messageId) {
    DeadLetterStore store = worker.getBean(DeadLetterStore.class);
    DeadLetter[] found = new DeadLetter[1];
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              for (DeadLetter d : store.list(null, 0, 100)) {
                if (d.messageId().equals(messageId)) {
                  found[0] = d;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  private static Span span() {
    return OtlpSpans.span(
            OtlpSpans.randomTraceId(), OtlpSpans.randomSpanId(), null, "op", Instant.now(), 5)
        .build();
  }

  private static double restarts() {
    return worker
        .getBean(MeterRegistry.class)
        .get("lumina.worker.consumer.restarts")
        .counter()
        .count();
  }

  private static int healthStatus() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static long stored(String project) throws Exception {
    try (var c = TestDatabase.shared().connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM spans WHERE project_id = '" + project + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
