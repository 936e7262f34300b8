package io.lumina.worker.config;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import io.lumina.pricing.PriceCatalog;
import io.lumina.worker.cost.JdbcProjectPrices;
import io.lumina.worker.sampling.Sampler;
import java.time.Clock;
import javax.sql.DataSource;
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
  JdbcProjectPrices projectPrices(DataSource dataSource, Clock clock, PricingProperties pricing) {
    return new JdbcProjectPrices(dataSource, clock, pricing.overridesRefresh());
  }

  @Bean
  CostCalculator costCalculator(JdbcProjectPrices projectPrices) {
    return new CostCalculator(PriceCatalog.bundled(), projectPrices);
  }

  @Bean
  Sampler sampler(SamplingProperties sampling) {
    return new Sampler(sampling.toRules());
  }
}
