package io.lumina.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.testing.PrivatePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL (a private server: the shared one is never stopped) goes down mid-stream and comes
 * back: the worker stops acknowledging, waits, resumes by itself, and every span is stored exactly
 * once.
 */
class PostgresOutageIT {

  @Test
  void postgresStoppedAndRestartedMidStreamLosesNothing() throws Exception {
    try (PrivatePostgres pg = PrivatePostgres.start("outage");
        PrivateStream stream = new PrivateStream()) {
      List<String> args = new ArrayList<>();
      pg.properties().forEach((k, v) -> args.add("--" + k + "=" + v));
      stream.properties().forEach((k, v) -> args.add("--" + k + "=" + v));
      args.addAll(
          List.of(
              "--server.port=0",
              "--lumina.retention.days=0",
              "--lumina.worker.batch-size=10",
              "--lumina.worker.fetch-wait=200ms",
              "--lumina.worker.retry-backoff=200ms",
              "--lumina.worker.max-backoff=1s",
              "--lumina.worker.max-deliveries=2",
              "--spring.datasource.hikari.connection-timeout=1000"));
      try (ConfigurableApplicationContext worker =
          WorkerApplication.builder().run(args.toArray(String[]::new))) {
        MeterRegistry meters = worker.getBean(MeterRegistry.class);

        stream.publish("outage", 30, 4);
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> count(pg) == 120);

        pg.stop();
        stream.publish("outage", 30, 4);
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> meters.get("lumina.worker.database.up").gauge().value() == 0);

        pg.start();
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> count(pg) >= 240);
        assertThat(count(pg)).isEqualTo(240);
        try (Connection c = pg.connect();
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT sum(span_count), (SELECT sum(span_count) FROM traces)"
                        + " FROM span_rollups_hourly")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(240);
          assertThat(rs.getLong(2)).isEqualTo(240);
        }
        assertThat(meters.get("lumina.worker.database.up").gauge().value()).isEqualTo(1);
        assertThat(meters.get("lumina.worker.dead.letters").counters())
            .allMatch(c -> c.count() == 0);
      }
    }
  }

  static long count(PrivatePostgres pg) {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM spans")) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return -1; // down
    }
  }
}
