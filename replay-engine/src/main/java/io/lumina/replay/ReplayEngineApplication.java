package io.lumina.replay;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Captures production LLM calls into replay sets and replays them against a new prompt or model.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReplayEngineApplication {
  /** Its own config file name, so every service can share one classpath in the all-in-one mode. */
  public static final String CONFIG_NAME = "lumina-replay-engine";

  public static void main(String[] args) {
    builder().run(args);
  }

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ReplayEngineApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
