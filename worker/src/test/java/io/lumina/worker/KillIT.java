package io.lumina.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.testing.ServiceProcess;
import io.lumina.testing.TestDatabase;
import io.lumina.testing.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two worker processes share one durable consumer, and one of them is killed with SIGKILL in the
 * middle of a batch: it has fetched its messages and written their spans in its open transaction,
 * and waits to write the trace summaries, on a lock this test holds on {@code traces}. So, at the
 * kill, it holds messages it has neither committed nor acknowledged, by construction rather than by
 * timing. They must come back to the survivor after the ack wait, and every span published is
 * stored exactly once, the summaries and rollups counting each once.
 */
class KillIT {
  static final int MESSAGES = 200;
  static final int SPANS_PER_MESSAGE = 5;

  /** The victim's PostgreSQL sessions carry this application name, so the test can find them. */
  static final String VICTIM = "lumina-killit-victim";

  @Test
  void aWorkerKilledMidBatchLosesNothingAndDuplicatesNothing() throws Exception {
    TestDatabase db = TestDatabase.shared().migrate();
    String project = "kill" + UUID.randomUUID().toString().substring(0, 8);
    int expected = MESSAGES * SPANS_PER_MESSAGE;
    try (PrivateStream stream = new PrivateStream()) {
      Map<String, Object> props = new LinkedHashMap<>(TestInfra.properties());
      props.putAll(stream.properties());
      props.put("server.port", 0);
      props.put("spring.flyway.enabled", false); // migrated by this JVM already
      props.put("lumina.retention.days", 0);
      // Only the consumer loop writes: no other loop may wait on the lock this test takes.
      props.put("lumina.quality.enabled", false);
      props.put("lumina.alerts.enabled", false);
      props.put("lumina.alerts.delivery.enabled", false);
      props.put("lumina.worker.ack-wait", "3s");
      props.put("lumina.worker.batch-size", 5);
      props.put("lumina.worker.fetch-wait", "200ms");
      props.put("lumina.worker.retry-backoff", "200ms");
      Map<String, Object> victimProps = new LinkedHashMap<>(props);
      victimProps.put("spring.datasource.url", db.jdbcUrl() + "&ApplicationName=" + VICTIM);
      try (ServiceProcess victim =
              ServiceProcess.start("worker-a", WorkerApplication.class.getName(), victimProps);
          ServiceProcess survivor =
              ServiceProcess.start("worker-b", WorkerApplication.class.getName(), props)) {
        awaitStarted(victim);
        awaitStarted(survivor);

        try (Connection lock = db.connect()) {
          // Every batch ends by upserting trace summaries, then commits, then acknowledges: while
          // this lock is held, no worker can commit or acknowledge anything.
          lock.setAutoCommit(false);
          try (Statement s = lock.createStatement()) {
            s.execute("LOCK TABLE traces IN SHARE MODE");
          }
          stream.publish(project, MESSAGES, SPANS_PER_MESSAGE);
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(50))
              .failFast("the victim died", () -> !victim.isAlive())
              .until(() -> victimWaitsToWriteSummaries(lock));

          victim.kill(); // SIGKILL: no shutdown hook, no ack of what it holds
          assertThat(victim.isAlive()).isFalse();
          endVictimSessions(lock);
          assertThat(stored(project)).as("nobody committed while the lock was held").isZero();
          lock.rollback();
        }

        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(200))
            .failFast("the survivor died", () -> !survivor.isAlive())
            .until(() -> stored(project) >= expected);
        assertThat(stored(project)).isEqualTo(expected);
        assertThat(
                count(
                    "SELECT count(DISTINCT (trace_id, span_id)) FROM spans WHERE project_id = '"
                        + project
                        + "'"))
            .isEqualTo(expected);
        assertThat(
                count(
                    "SELECT sum(span_count) FROM span_rollups_hourly WHERE project_id = '"
                        + project
                        + "'"))
            .isEqualTo(expected);
        assertThat(count("SELECT sum(span_count) FROM traces WHERE project_id = '" + project + "'"))
            .isEqualTo(expected);
        assertThat(count("SELECT count(*) FROM traces WHERE project_id = '" + project + "'"))
            .isEqualTo(MESSAGES);

        // The victim's batch was stored by the survivor, so the survivor received it again: a
        // redelivery, counted before it was written.
        String metrics = prometheus(survivor);
        assertThat(metric(metrics, "lumina_worker_redeliveries_total")).isPositive();
        assertThat(metric(metrics, "lumina_worker_dead_letters_total")).isZero();

        assertThat(survivor.terminate(Duration.ofSeconds(30)))
            .as("graceful stop on SIGTERM")
            .isNotEqualTo(-1);
      }
    }
  }

  /**
   * Whether a victim session waits for the lock on {@code traces}. Only the batch writer writes
   * there (the other loops are off), after fetching a batch and copying its spans in the same
   * transaction (docs/decisions/0003-copy-staging-upsert.md): the victim can neither commit nor
   * acknowledge it.
   */
  static boolean victimWaitsToWriteSummaries(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND l.relation = 'traces'::regclass
              AND a.application_name = ?""")) {
      ps.setString(1, VICTIM);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /**
   * Ends the killed worker's sessions now (PostgreSQL would notice the dead client only once the
   * lock is released), so its open transaction is rolled back, never committed.
   */
  static void endVictimSessions(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE application_name = ?")) {
      ps.setString(1, VICTIM);
      ps.executeQuery().close();
    }
  }

  static void awaitStarted(ServiceProcess p) {
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(200))
        .failFast(() -> !p.isAlive())
        .until(() -> p.logContains("Started WorkerApplication"));
  }

  static String prometheus(ServiceProcess p) throws Exception {
    Matcher m = Pattern.compile("Tomcat started on port (\\d+)").matcher(p.logTail(2000));
    assertThat(m.find()).as("port in log").isTrue();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + m.group(1) + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** The sum of every series of a metric in Prometheus text. */
  static double metric(String text, String name) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  static long stored(String project) throws Exception {
    return count("SELECT count(*) FROM spans WHERE project_id = '" + project + "'");
  }

  static long count(String sql) throws Exception {
    try (var c = TestDatabase.shared().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
