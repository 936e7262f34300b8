package io.lumina.worker.sampling;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-side sampling ({@code lumina.sampling.rules}; environment {@code LUMINA_SAMPLING_RULES}).
 *
 * @param rules JSON as described in docs/conventions.md (server-side sampling), e.g. {@code
 *     {"samplingRate":0.1,"alwaysSampleConditions":{"error":true},"services":{"checkout":{"samplingRate":1}}}};
 *     empty (the default) keeps every span
 */
@ConfigurationProperties("lumina.sampling")
public record SamplingProperties(@DefaultValue("") String rules) {

  public SamplingProperties {
    toRules(rules); // a typo fails start-up, naming what is wrong
  }

  public SamplingRules toRules() {
    return toRules(rules);
  }

  private static SamplingRules toRules(String json) {
    if (json == null || json.isBlank()) {
      return SamplingRules.keepAll();
    }
    try {
      return SamplingRules.parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "lumina.sampling.rules (LUMINA_SAMPLING_RULES): " + e.getMessage(), e);
    }
  }
}
