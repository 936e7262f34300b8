package io.lumina.ingestion.security;

import io.lumina.security.Gatekeeper;
import io.lumina.service.security.ServiceSecurityConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * The authentication filter of the ingestion service; keys and the gatekeeper come from {@link
 * ServiceSecurityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@Import(ServiceSecurityConfiguration.class)
class SecurityConfiguration {

  @Bean
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(Gatekeeper gatekeeper) {
    FilterRegistrationBean<ApiKeyFilter> registration =
        new FilterRegistrationBean<>(new ApiKeyFilter(gatekeeper));
    registration.addUrlPatterns("/*");
    // after Spring's own request-wrapping filters, before anything that reads data
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
    return registration;
  }
}
