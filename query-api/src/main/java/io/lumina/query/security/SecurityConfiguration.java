package io.lumina.query.security;

import io.lumina.auth.ApiKeyStore;
import io.lumina.auth.Gatekeeper;
import io.lumina.service.security.LuminaSecurityProperties;
import io.lumina.service.security.ProblemJsonApiKeyFilter;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Projects, keys and the authentication filter of the query API. The secure-by-default rules run while
 * the context starts (after Flyway, before the port opens), so a service that must not start never
 * listens.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/lumina/auth/lumina-security.properties")
@EnableConfigurationProperties(LuminaSecurityProperties.class)
class SecurityConfiguration {

  @Bean
  ApiKeyStore apiKeyStore(DataSource dataSource) {
    return new ApiKeyStore(dataSource);
  }

  @Bean
  @DependsOnDatabaseInitialization
  Gatekeeper gatekeeper(ApiKeyStore store, LuminaSecurityProperties properties, Environment environment) {
    return properties.startGatekeeper(store, environment.getProperty("server.address"), "query-api");
  }

  @Bean
  FilterRegistrationBean<ProblemJsonApiKeyFilter> apiKeyFilter(Gatekeeper gatekeeper) {
    FilterRegistrationBean<ProblemJsonApiKeyFilter> registration =
        new FilterRegistrationBean<>(new ProblemJsonApiKeyFilter(gatekeeper, AccessPolicy::of));
    registration.addUrlPatterns("/*");
    // after Spring's own request-wrapping filters, before anything that reads data
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
    return registration;
  }
}
