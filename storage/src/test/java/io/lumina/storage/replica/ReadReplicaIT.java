package io.lumina.storage.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.TestStorage;
import io.lumina.storage.traces.TraceReader;
import io.lumina.storage.traces.TracesStorageConfiguration;
import io.lumina.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the readers read: the configured replica, the primary while the replica cannot be reached,
 * the primary when none is configured. The "replica" here is a second database with the same schema
 * holding a row the primary does not, so a read shows which server answered; the streaming
 * replication itself is exercised by {@code bench/run-cluster-drill.sh} (docs/scaling.md).
 */
class ReadReplicaIT {
  private static final String PROJECT = "p-" + UUID.randomUUID();
  private static final String ON_REPLICA = "%032x".formatted(1);
  private static final String ON_PRIMARY = "%032x".formatted(2);
  private static TestDatabase replica;

  @BeforeAll
  static void twoServers() {
    replica = TestDatabase.createPrivate("replica").migrate();
    oneTrace(TestStorage.dataSource(), ON_PRIMARY);
    oneTrace(replica.dataSource(), ON_REPLICA);
  }

  @AfterAll
  static void dropReplica() {
    replica.close();
  }

  private static void oneTrace(DataSource db, String traceId) {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    new JdbcTemplate(db)
        .update(
            """
            INSERT INTO traces (project_id, trace_id, start_time, end_time, duration_ms, root_span_id,
                root_name, service_name, span_count, llm_span_count, cost_usd, status, models)
            VALUES (?, ?, ?, ?, 5, 'root', 'chat', 'svc', 1, 1, 0, 'ok', ARRAY['gpt-4o'])""",
            PROJECT,
            traceId,
            Timestamp.from(start),
            Timestamp.from(start.plusMillis(5)));
  }

  private static AnnotationConfigApplicationContext readers(
      Map<String, Object> properties, MeterRegistry meters) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("test", properties));
    context.registerBean(DataSource.class, TestStorage::dataSource);
    context.registerBean(MeterRegistry.class, () -> meters);
    context.register(TracesStorageConfiguration.class);
    context.refresh();
    return context;
  }

  @Test
  void readsComeFromTheReplicaWhenOneIsConfigured() {
    try (var context =
        readers(
            Map.of(
                "lumina.storage.read-replica.url", replica.jdbcUrl(),
                "lumina.storage.read-replica.username", replica.user(),
                "spring.datasource.password", replica.password()),
            new SimpleMeterRegistry())) {
      TraceReader traces = context.getBean(TraceReader.class);

      assertThat(traces.summary(PROJECT, ON_REPLICA)).isPresent();
      assertThat(traces.summary(PROJECT, ON_PRIMARY)).isEmpty();
      assertThat(context.getBean(ReadDataSource.class).replica()).isTrue();
      Health health = context.getBean("readReplicaHealthIndicator", HealthIndicator.class).health();
      assertThat(health.getDetails()).containsEntry("reachable", true).containsKey("lagSeconds");
    }
  }

  @Test
  void readsFallBackToThePrimaryWhileTheReplicaCannotBeReached() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (var context =
        readers(
            Map.of(
                "lumina.storage.read-replica.url",
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/lumina?connectTimeout=1",
                "lumina.storage.read-replica.connect-timeout",
                "500ms"),
            meters)) {
      TraceReader traces = context.getBean(TraceReader.class);

      assertThat(traces.summary(PROJECT, ON_PRIMARY)).isPresent();
      assertThat(traces.summary(PROJECT, ON_PRIMARY)).isPresent();
      assertThat(meters.get("lumina_storage_replica_fallbacks").counter().count()).isEqualTo(2);
      assertThat(meters.get("lumina_storage_replica_lag_seconds").gauge().value()).isNaN();
      Health health = context.getBean("readReplicaHealthIndicator", HealthIndicator.class).health();
      assertThat(health.getDetails()).containsEntry("reachable", false);
    }
  }

  @Test
  void withoutAReplicaReadsGoToThePrimary() {
    try (var context = readers(Map.of(), new SimpleMeterRegistry())) {
      assertThat(context.getBean(TraceReader.class).summary(PROJECT, ON_PRIMARY)).isPresent();
      assertThat(context.getBean(ReadDataSource.class).replica()).isFalse();
      assertThat(context.containsBean("readReplicaHealthIndicator")).isFalse();
    }
  }
}
