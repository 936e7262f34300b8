package io.lumina.storage.pricing;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The price-override store, the repricer and the re-pricing jobs, created by the services that use
 * them.
 */
@Configuration(proxyBeanMethods = false)
@Lazy
public class PricingStorageConfiguration {

  @Bean
  @ConditionalOnMissingBean(PriceOverrideStore.class)
  JdbcPriceOverrideStore priceOverrideStore(DataSource dataSource) {
    return new JdbcPriceOverrideStore(dataSource);
  }

  @Bean
  @ConditionalOnMissingBean(Repricer.class)
  PostgresRepricer repricer(DataSource dataSource, PriceOverrideStore overrides) {
    return new PostgresRepricer(dataSource, overrides);
  }

  @Bean
  @ConditionalOnMissingBean(RepriceJobs.class)
  JdbcRepriceJobs repriceJobs(DataSource dataSource, PriceOverrideStore overrides) {
    return new JdbcRepriceJobs(dataSource, overrides);
  }
}
