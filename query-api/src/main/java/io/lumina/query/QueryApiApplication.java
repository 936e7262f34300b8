package io.lumina.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The REST API that scripts and the dashboard read everything through. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryApiApplication {
  /** Its own config file name, so every service can share one classpath in the all-in-one mode. */
  public static final String CONFIG_NAME = "lumina-query-api";

  public static void main(String[] args) {
    builder().run(args);
  }

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(QueryApiApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
