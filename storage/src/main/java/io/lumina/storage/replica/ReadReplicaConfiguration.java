package io.lumina.storage.replica;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The datasource of the reading paths: the replica when one is configured, else the primary. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadReplicaSettings.class)
public class ReadReplicaConfiguration {

  @Bean(destroyMethod = "close")
  ReplicaHolder replicaHolder(
      ReadReplicaSettings settings,
      DataSource primary,
      Environment environment,
      ObjectProvider<Clock> clock,
      ObjectProvider<MeterRegistry> meters) {
    if (!settings.configured()) {
      return new ReplicaHolder(null);
    }
    return new ReplicaHolder(
        new ReplicaConnections(
            settings,
            primary,
            environment.getProperty("spring.datasource.username", ""),
            environment.getProperty("spring.datasource.password", ""),
            clock.getIfAvailable(Clock::systemUTC),
            meters.getIfAvailable(SimpleMeterRegistry::new)));
  }

  @Bean
  ReadDataSource readDataSource(ReplicaHolder holder, DataSource primary) {
    return holder.connections() == null
        ? ReadDataSource.primary(primary)
        : new ReadDataSource(holder.connections().reads(), true);
  }

  /**
   * The replica's lag and reachability in {@code /actuator/health} (component {@code readReplica}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnExpression("'${lumina.storage.read-replica.url:}' != ''")
  static class ReplicaHealthConfiguration {

    @Bean
    HealthIndicator readReplicaHealthIndicator(ReplicaHolder holder) {
      ReplicaConnections replica = holder.connections();
      return () -> {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", replica.where());
        OptionalDouble lag = replica.lag();
        if (lag.isEmpty()) {
          details.put("reachable", false);
          details.put("reads", "served by the primary until the replica answers");
        } else {
          details.put("reachable", true);
          details.put("lagSeconds", lag.getAsDouble());
          details.put("maxLag", replica.maxLag().toString());
          details.put("stale", replica.stale(lag.getAsDouble()));
          details.put("reads", replica.fallingBack() ? "primary (recent failure)" : "replica");
        }
        // UP either way: reads are served (by the primary when the replica is away), so the
        // service must not be taken out of rotation for it.
        return Health.up().withDetails(details).build();
      };
    }
  }

  /** Holds the replica's pool, if any, so the context closes it. */
  record ReplicaHolder(ReplicaConnections connections) implements AutoCloseable {
    @Override
    public void close() {
      if (connections != null) {
        connections.close();
      }
    }
  }
}
