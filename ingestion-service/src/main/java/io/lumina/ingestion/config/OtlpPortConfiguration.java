package io.lumina.ingestion.config;

import io.lumina.ingestion.ingest.IngestionProperties;
import io.lumina.ingestion.web.AdditionalPort;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Adds the OTLP default port (4318) next to 9411, on the same bind address. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${lumina.ingestion.otlp-port:4318} >= 0")
class OtlpPortConfiguration {

  @Bean
  AdditionalPort otlpPort(
      IngestionProperties properties, @Value("${server.address:}") String address) {
    return new AdditionalPort(properties.otlpPort(), address);
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> otlpPortCustomizer(
      AdditionalPort port) {
    return factory -> factory.addAdditionalConnectors(port.connector());
  }
}
