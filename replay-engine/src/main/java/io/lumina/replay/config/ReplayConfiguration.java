package io.lumina.replay.config;

import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundProperties;
import io.lumina.pricing.PriceCatalog;
import io.lumina.replay.providers.LlmProviders;
import io.lumina.replay.providers.ReplayProperties;
import io.lumina.replay.runs.Scorers;
import io.lumina.similarity.ExactHashScorer;
import io.lumina.similarity.TextSimilarityScorer;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java parts (providers, scorers, pricing catalog) as beans. */
@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

  /**
   * Every provider call goes through the outbound policy with the larger bound for model answers;
   * each call sets its own deadline.
   */
  @Bean
  LlmProviders llmProviders(
      ReplayProperties properties,
      OutboundHttpClient http,
      OutboundProperties outbound,
      Clock clock) {
    return new LlmProviders(
        properties,
        http.withMaxResponseBytes((int) outbound.maxModelResponseBody().toBytes()),
        clock);
  }

  @Bean
  Scorers scorers() {
    return new Scorers(List.of(new TextSimilarityScorer(), new ExactHashScorer()));
  }

  @Bean
  PriceCatalog priceCatalog() {
    return PriceCatalog.bundled();
  }
}
