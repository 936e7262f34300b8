package io.lumina.service.security;

import io.lumina.security.ApiKeyStore;
import io.lumina.security.Gatekeeper;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;

/**
 * Projects and keys for a service that authenticates API keys: the key store and the gatekeeper its
 * filter asks. Imported by each service's own security configuration, which adds the filter that
 * answers in the service's error format. The secure-by-default rules run while the context starts
 * (after Flyway, before the port opens), so a service that must not start never listens.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/lumina/security/lumina-security.properties")
@EnableConfigurationProperties(LuminaSecurityProperties.class)
public class ServiceSecurityConfiguration {

  @Bean
  ApiKeyStore apiKeyStore(DataSource dataSource) {
    return new ApiKeyStore(dataSource);
  }

  @Bean
  @DependsOnDatabaseInitialization
  Gatekeeper gatekeeper(
      ApiKeyStore store, LuminaSecurityProperties properties, Environment environment) {
    return properties.startGatekeeper(
        store,
        environment.getProperty("server.address"),
        environment.getProperty("spring.application.name", "lumina"));
  }
}
