package io.lumina.ingestion.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.ingestion.TestNatsServer;
import io.lumina.testing.MutableClock;
import io.lumina.testing.PrivateNatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daily limit against a real JetStream key-value bucket, shared by two "replicas" (two
 * connections).
 */
class DailyTraceLimiterIT {
  private static Connection replicaA;
  private static Connection replicaB;
  private final String bucket =
      "LIMIT_T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T23:59:00Z"));

  @BeforeAll
  static void connect() throws Exception {
    PrivateNatsServer nats = TestNatsServer.get();
    replicaA = Nats.connect(new Options.Builder().server(nats.url()).build());
    replicaB = Nats.connect(new Options.Builder().server(nats.url()).build());
  }

  @AfterAll
  static void close() throws InterruptedException {
    replicaA.close();
    replicaB.close();
  }

  private DailyTraceLimiter limiter(Connection connection, long limit) {
    return new DailyTraceLimiter(
        new KeyValueTraceCounter(connection, bucket, Duration.ofDays(2), Duration.ofSeconds(2), 1),
        limit,
        clock);
  }

  @Test
  void replicasShareOneCountAndNoIncrementIsLostUnderContention() throws Exception {
    DailyTraceLimiter a = limiter(replicaA, 1000);
    DailyTraceLimiter b = limiter(replicaB, 1000);
    List<Callable<DailyTraceLimiter.Decision>> calls = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      DailyTraceLimiter replica = i % 2 == 0 ? a : b;
      calls.add(() -> replica.reserve("acme", 20)); // 60 x 20 = 1200 wanted, 1000 allowed
    }
    List<DailyTraceLimiter.Decision> decisions = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<DailyTraceLimiter.Decision> f : pool.invokeAll(calls)) {
        decisions.add(f.get());
      }
    }

    long allowed = decisions.stream().filter(d -> d instanceof DailyTraceLimiter.Allowed).count();
    assertThat(allowed).isEqualTo(50);
    assertThat(
            new KeyValueTraceCounter(replicaA, bucket, Duration.ofDays(2), Duration.ofSeconds(2), 1)
                .tryAdd(
                    DailyTraceLimiter.key(
                        "acme", clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate()),
                    0,
                    Long.MAX_VALUE)
                .total())
        .isEqualTo(1000);
  }

  @Test
  void refusesPastTheLimitNamingItAndTheResetAndStartsOverAtMidnightUtc() {
    DailyTraceLimiter limiter = limiter(replicaA, 10);

    assertThat(limiter.reserve("p1", 6)).isInstanceOf(DailyTraceLimiter.Allowed.class);
    assertThat(limiter.reserve("p1", 4)).isInstanceOf(DailyTraceLimiter.Allowed.class);
    DailyTraceLimiter.Decision refused = limiter.reserve("p1", 1);

    assertThat(refused)
        .isInstanceOfSatisfying(
            DailyTraceLimiter.Refused.class,
            r -> {
              assertThat(r.message())
                  .contains("daily trace limit of 10 traces reached for project 'p1'")
                  .contains("resets at 2026-03-02T00:00:00Z");
              assertThat(r.retryAfterSeconds()).isEqualTo(61);
            });
    assertThat(limiter.reserve("other-project", 10)).isInstanceOf(DailyTraceLimiter.Allowed.class);
    assertThat(limiter.reserve("p1", 0))
        .isInstanceOf(DailyTraceLimiter.Allowed.class); // child spans only

    clock.advance(Duration.ofMinutes(1)); // midnight UTC
    assertThat(limiter.reserve("p1", 10)).isInstanceOf(DailyTraceLimiter.Allowed.class);
  }

  @Test
  void aReleasedReservationIsGivenBackAndZeroMeansUnlimited() {
    DailyTraceLimiter limiter = limiter(replicaA, 5);
    DailyTraceLimiter.Decision first = limiter.reserve("p2", 5);
    limiter.release(first);
    assertThat(limiter.reserve("p2", 5)).isInstanceOf(DailyTraceLimiter.Allowed.class);

    DailyTraceLimiter unlimited = limiter(replicaA, 0);
    assertThat(unlimited.reserve("p2", 1_000_000)).isInstanceOf(DailyTraceLimiter.Allowed.class);
  }

  @Test
  void failsOpenWhenTheCounterIsUnreachable() throws Exception {
    Connection closed =
        Nats.connect(new Options.Builder().server(TestNatsServer.get().url()).build());
    closed.close();

    assertThat(limiter(closed, 1).reserve("p3", 5)).isInstanceOf(DailyTraceLimiter.Allowed.class);
  }

  @Test
  void projectIdsOutsideTheKeyAlphabetAreEncoded() {
    var day = java.time.LocalDate.of(2026, 3, 1);
    assertThat(DailyTraceLimiter.key("acme-prod_1", day)).isEqualTo("acme-prod_1.2026-03-01");
    assertThat(DailyTraceLimiter.key("a.b c", day)).isEqualTo("x612e622063.2026-03-01");
  }
}
