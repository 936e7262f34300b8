package io.lumina.storage.keys;

import io.lumina.security.ProjectKeyStore;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key store of every service with a database. Created after the migrations ran, because the
 * secure-by-default rules ask it for keys while the context starts.
 */
@Configuration(proxyBeanMethods = false)
public class KeyStorageConfiguration {

  @Bean
  @DependsOnDatabaseInitialization
  ProjectKeyStore projectKeyStore(DataSource dataSource) {
    return new JdbcProjectKeyStore(dataSource);
  }
}
