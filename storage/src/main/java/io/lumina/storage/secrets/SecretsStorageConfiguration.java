package io.lumina.storage.secrets;

import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The key that encrypts secret columns, and the start-up pass that checks it against the database
 * (after the migrations) and encrypts values still in clear.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretsProperties.class)
public class SecretsStorageConfiguration {

  @Bean
  Secrets secrets(SecretsProperties properties) {
    return Secrets.of(properties.cipher());
  }

  @Bean
  SealedColumns sealedColumns(DataSource dataSource) {
    return new SealedColumns(new JdbcTemplate(dataSource));
  }

  @Bean
  @DependsOnDatabaseInitialization
  SecretsStartup secretsStartup(SealedColumns columns, Secrets secrets) {
    return new SecretsStartup(columns, secrets);
  }
}
