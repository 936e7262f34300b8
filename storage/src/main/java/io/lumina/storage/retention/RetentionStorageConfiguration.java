package io.lumina.storage.retention;

import io.lumina.storage.spans.PostgresSpanPartitions;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** Retention of spans, summaries and rollups; lazy, so only the service that runs it creates it. */
@Configuration(proxyBeanMethods = false)
@Lazy
public class RetentionStorageConfiguration {

  @Bean
  @ConditionalOnMissingBean(SpanRetention.class)
  PostgresSpanRetention spanRetention(DataSource dataSource, PostgresSpanPartitions partitions) {
    return new PostgresSpanRetention(dataSource, partitions);
  }
}
