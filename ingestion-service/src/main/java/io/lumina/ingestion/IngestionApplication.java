package io.lumina.ingestion;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The OTLP/HTTP receiver: validates, authenticates, limits and publishes spans to the queue. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestionApplication {
  /** Its own config file name, so every service can share one classpath in the all-in-one mode. */
  public static final String CONFIG_NAME = "lumina-ingestion-service";

  public static void main(String[] args) {
    builder().run(args);
  }

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(IngestionApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
