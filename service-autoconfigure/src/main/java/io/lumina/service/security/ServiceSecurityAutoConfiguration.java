package io.lumina.service.security;

import io.lumina.security.Gatekeeper;
import io.lumina.security.ProjectKeyStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;

/**
 * API-key authentication for every Lumina service, by depending on this module: the gatekeeper
 * (with the secure-by-default start rules, so a service that must not start never listens) and the
 * one {@link ApiKeyFilter}. A service contributes only what differs, as beans: its {@link
 * AccessPolicy} (default {@link AccessPolicy#ADMIN_ONLY}) and its {@link RefusalWriter} (default
 * problem+json). Before it, the {@link HostCheckFilter} refuses foreign {@code Host} names and
 * state-changing requests from foreign origins ({@code lumina.http.allowed-hosts}). A service
 * without a database (the dashboard) contributes its own {@link Gatekeeper}; every other one gets
 * it over the storage module's {@link ProjectKeyStore}. docs/security.md describes the rules.
 */
@AutoConfiguration(afterName = "io.lumina.storage.autoconfigure.StorageAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@PropertySource("classpath:io/lumina/security/lumina-security.properties")
@EnableConfigurationProperties({LuminaSecurityProperties.class, LuminaHttpProperties.class})
public class ServiceSecurityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Gatekeeper gatekeeper(
      ObjectProvider<ProjectKeyStore> store,
      LuminaSecurityProperties properties,
      Environment environment) {
    String service = environment.getProperty("spring.application.name", "lumina");
    ProjectKeyStore keys = store.getIfAvailable();
    if (keys == null) {
      // Never fall back to "no keys": a service that cannot check keys must not serve.
      throw new IllegalStateException(
          service
              + " has no API key store: it needs a database (spring.datasource.url and the storage "
              + "module) or a Gatekeeper bean of its own");
    }
    return properties.startGatekeeper(keys, environment.getProperty("server.address"), service);
  }

  @Bean
  @ConditionalOnMissingBean
  AccessPolicy accessPolicy() {
    return AccessPolicy.ADMIN_ONLY;
  }

  @Bean
  @ConditionalOnMissingBean
  RefusalWriter refusalWriter() {
    return new ProblemJsonRefusalWriter();
  }

  @Bean
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(
      Gatekeeper gatekeeper, AccessPolicy policy, RefusalWriter refusals) {
    FilterRegistrationBean<ApiKeyFilter> registration =
        new FilterRegistrationBean<>(new ApiKeyFilter(gatekeeper, policy, refusals));
    registration.addUrlPatterns("/*");
    registration.setOrder(ApiKeyFilter.ORDER);
    return registration;
  }

  @Bean
  FilterRegistrationBean<HostCheckFilter> hostCheckFilter(
      LuminaHttpProperties http, Gatekeeper gatekeeper, RefusalWriter refusals) {
    FilterRegistrationBean<HostCheckFilter> registration =
        new FilterRegistrationBean<>(
            new HostCheckFilter(new AllowedHosts(http.allowedHosts()), gatekeeper, refusals));
    registration.addUrlPatterns("/*");
    registration.setOrder(HostCheckFilter.ORDER);
    return registration;
  }
}
