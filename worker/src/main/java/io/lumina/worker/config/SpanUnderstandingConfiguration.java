package io.lumina.worker.config;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.storage.pricing.PriceOverrideStore;
import io.lumina.worker.cost.CachedProjectPrices;
import io.lumina.worker.cost.PricingProperties;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.sampling.SamplingProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shared span-understanding, pricing and sampling engine from common-model, as beans. */
@Configuration(proxyBeanMethods = false)
class SpanUnderstandingConfiguration {
  @Bean
  SpanNormalizer spanNormalizer() {
    return new SpanNormalizer();
  }

  @Bean
  CachedProjectPrices projectPrices(
      PriceOverrideStore overrides, Clock clock, PricingProperties pricing) {
    return new CachedProjectPrices(overrides, clock, pricing.overridesRefresh());
  }

  @Bean
  CostCalculator costCalculator(CachedProjectPrices projectPrices) {
    return new CostCalculator(PriceCatalog.bundled(), projectPrices);
  }

  @Bean
  Sampler sampler(SamplingProperties sampling) {
    return new Sampler(sampling.toRules());
  }
}
