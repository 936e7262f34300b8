package io.lumina.storage.traces;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The trace and span readers. */
@Configuration(proxyBeanMethods = false)
public class TracesStorageConfiguration {

  @Bean
  TraceReader traceReader(DataSource dataSource) {
    return new JdbcTraceReader(JdbcClient.create(dataSource));
  }

  @Bean
  SpanReader spanReader(DataSource dataSource) {
    return new JdbcSpanReader(JdbcClient.create(dataSource));
  }
}
