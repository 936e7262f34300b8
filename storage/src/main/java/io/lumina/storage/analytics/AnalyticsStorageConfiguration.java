package io.lumina.storage.analytics;

import io.lumina.storage.replica.ReadDataSource;
import io.lumina.storage.replica.ReadReplicaConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The analytics reader. */
@Configuration(proxyBeanMethods = false)
@Import(ReadReplicaConfiguration.class)
public class AnalyticsStorageConfiguration {

  @Bean
  AnalyticsReader analyticsReader(ReadDataSource reads) {
    return new JdbcAnalyticsReader(JdbcClient.create(reads.dataSource()));
  }
}
