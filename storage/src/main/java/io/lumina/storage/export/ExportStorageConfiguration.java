package io.lumina.storage.export;

import io.lumina.storage.replica.ReadDataSource;
import io.lumina.storage.replica.ReadReplicaConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The streaming span reader of exports. */
@Configuration(proxyBeanMethods = false)
@Import(ReadReplicaConfiguration.class)
public class ExportStorageConfiguration {

  @Bean
  SpanExportReader spanExportReader(ReadDataSource reads) {
    return new JdbcSpanExportReader(reads.dataSource());
  }
}
