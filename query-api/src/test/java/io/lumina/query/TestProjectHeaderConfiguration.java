package io.lumina.query;

import io.lumina.model.Projects;
import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stands in for the authentication filter in tests: sets the caller's project from an {@code
 * X-Test-Project} header, the way the API-key filter will set it from the key.
 */
@Configuration(proxyBeanMethods = false)
class TestProjectHeaderConfiguration {
  static final String HEADER = "X-Test-Project";

  @Bean
  FilterRegistrationBean<Filter> testProjectFilter() {
    Filter filter =
        (request, response, chain) -> {
          String project = ((jakarta.servlet.http.HttpServletRequest) request).getHeader(HEADER);
          if (project != null) {
            request.setAttribute(Projects.REQUEST_ATTRIBUTE, project);
          }
          chain.doFilter(request, response);
        };
    return new FilterRegistrationBean<>(filter);
  }
}
