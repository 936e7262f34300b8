package io.lumina.storage.spans;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The span writer and the day partitions it writes into. Lazy: only a service that writes spans
 * (the worker) creates them and registers their metrics.
 */
@Configuration(proxyBeanMethods = false)
@Lazy
public class SpanStorageConfiguration {

  @Bean
  @ConditionalOnMissingBean
  PostgresSpanPartitions spanPartitions(DataSource dataSource) {
    return new PostgresSpanPartitions(dataSource);
  }

  @Bean
  @ConditionalOnMissingBean(SpanWriter.class)
  PostgresSpanWriter spanWriter(
      DataSource dataSource,
      PostgresSpanPartitions partitions,
      ObjectProvider<MeterRegistry> meters) {
    return new PostgresSpanWriter(
        dataSource, partitions, meters.getIfAvailable(SimpleMeterRegistry::new));
  }
}
