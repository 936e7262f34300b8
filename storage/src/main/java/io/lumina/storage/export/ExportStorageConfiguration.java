package io.lumina.storage.export;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The streaming span reader of exports. */
@Configuration(proxyBeanMethods = false)
public class ExportStorageConfiguration {

  @Bean
  SpanExportReader spanExportReader(DataSource dataSource) {
    return new JdbcSpanExportReader(dataSource);
  }
}
