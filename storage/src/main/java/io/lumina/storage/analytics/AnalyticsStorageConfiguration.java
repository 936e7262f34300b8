package io.lumina.storage.analytics;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The analytics reader. */
@Configuration(proxyBeanMethods = false)
public class AnalyticsStorageConfiguration {

  @Bean
  AnalyticsReader analyticsReader(DataSource dataSource) {
    return new JdbcAnalyticsReader(JdbcClient.create(dataSource));
  }
}
