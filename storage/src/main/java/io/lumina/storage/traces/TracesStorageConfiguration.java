package io.lumina.storage.traces;

import io.lumina.storage.replica.ReadDataSource;
import io.lumina.storage.replica.ReadReplicaConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The trace and span readers. */
@Configuration(proxyBeanMethods = false)
@Import(ReadReplicaConfiguration.class)
public class TracesStorageConfiguration {

  @Bean
  TraceReader traceReader(ReadDataSource reads) {
    return new JdbcTraceReader(JdbcClient.create(reads.dataSource()));
  }

  @Bean
  SpanReader spanReader(ReadDataSource reads) {
    return new JdbcSpanReader(JdbcClient.create(reads.dataSource()));
  }
}
