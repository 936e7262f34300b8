package io.lumina.query.catalog;

import io.lumina.pricing.PriceCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bundled pricing catalog the worker prices with, loaded (and validated) once at start. */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {
  @Bean
  PriceCatalog priceCatalog() {
    return PriceCatalog.bundled();
  }
}
