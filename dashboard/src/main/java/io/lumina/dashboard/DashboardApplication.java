package io.lumina.dashboard;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The dashboard: server-rendered pages over the query API and the replay engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DashboardApplication {
  /** Its own config file name, so every service can share one classpath in the all-in-one mode. */
  public static final String CONFIG_NAME = "lumina-dashboard";

  public static void main(String[] args) {
    builder().run(args);
  }

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(DashboardApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
