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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two worker processes share a stream; one is killed with SIGKILL while it holds unacknowledged
 * messages. JetStream redelivers them to the other after the ack wait: every span published is
 * stored exactly once, and the summaries and rollups count each once.
 */
class KillIT {
  static final int MESSAGES = 600;
  static final int SPANS_PER_MESSAGE = 5;

  @Test
  void aWorkerKilledMidBatchLosesNothingAndDuplicatesNothing() throws Exception {
    TestDatabase.shared().migrate();
    String project = "kill" + UUID.randomUUID().toString().substring(0, 8);
    try (PrivateStream stream = new PrivateStream()) {
      Map<String, Object> props = new LinkedHashMap<>(TestInfra.properties());
      props.putAll(stream.properties());
      props.put("server.port", 0);
      props.put("spring.flyway.enabled", false); // migrated by this JVM already
      props.put("lumina.retention.days", 0);
      props.put("lumina.worker.ack-wait", "3s");
      props.put(
          "lumina.worker.batch-size",
          2); // many small transactions: the stream is still busy at the kill
      props.put("lumina.worker.fetch-wait", "200ms");
      props.put("lumina.worker.retry-backoff", "200ms");
      try (ServiceProcess victim =
              ServiceProcess.start("worker-a", WorkerApplication.class.getName(), props);
          ServiceProcess survivor =
              ServiceProcess.start("worker-b", WorkerApplication.class.getName(), props)) {
        awaitStarted(victim);
        awaitStarted(survivor);

        stream.publish(project, MESSAGES, SPANS_PER_MESSAGE);
        // Kill the victim once it is itself consuming: with a backlog it always holds a fetched,
        // unacknowledged batch, which must come back to the survivor.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> metric(prometheus(victim), "lumina_worker_spans_stored_total") > 0);
        victim.kill(); // SIGKILL: no shutdown hook, no ack of what it holds
        assertThat(victim.isAlive()).isFalse();
        assertThat(stored(project))
            .as("killed while the stream still had work")
            .isLessThan(MESSAGES * SPANS_PER_MESSAGE);

        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> stored(project) >= MESSAGES * SPANS_PER_MESSAGE);
        int expected = MESSAGES * SPANS_PER_MESSAGE;
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

        // What the victim held came back to the survivor as redeliveries once the ack wait ran out,
        // even
        // when the victim had already committed it (killed between commit and ack): then it is a
        // harmless duplicate, and the counts above prove nothing was stored twice.
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> metric(prometheus(survivor), "lumina_worker_redeliveries_total") > 0);
        assertThat(metric(prometheus(survivor), "lumina_worker_dead_letters_total")).isZero();
        assertThat(stored(project)).as("redeliveries stored nothing twice").isEqualTo(expected);

        assertThat(survivor.terminate(Duration.ofSeconds(30)))
            .as("graceful stop on SIGTERM")
            .isNotEqualTo(-1);
      }
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
