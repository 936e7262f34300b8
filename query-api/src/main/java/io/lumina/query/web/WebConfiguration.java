package io.lumina.query.web;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The {@link CallerProject} argument and CORS for the dashboard's origin. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {
  private final QueryProperties properties;

  WebConfiguration(QueryProperties properties) {
    this.properties = properties;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new CallerProjectResolver());
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    List<String> origins = properties.cors().allowedOrigins();
    if (!origins.isEmpty()) {
      registry
          .addMapping("/api/**")
          .allowedOrigins(origins.toArray(String[]::new))
          .allowedMethods("GET", "PUT", "POST", "DELETE")
          .allowedHeaders("Authorization", "x-api-key", "Content-Type")
          .maxAge(3600);
    }
  }
}
