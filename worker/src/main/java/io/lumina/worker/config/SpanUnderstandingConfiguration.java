package io.lumina.worker.config;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shared span-understanding and pricing engine from common-model, as beans. */
@Configuration(proxyBeanMethods = false)
class SpanUnderstandingConfiguration {
  @Bean
  SpanNormalizer spanNormalizer() {
    return new SpanNormalizer();
  }

  @Bean
  CostCalculator costCalculator() {
    return new CostCalculator();
  }
}
