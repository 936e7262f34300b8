package io.lumina.storage.quality;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The quality-scoring store and the thresholds store. */
@Configuration(proxyBeanMethods = false)
@Lazy
public class QualityStorageConfiguration {

  @Bean
  @ConditionalOnMissingBean(QualityStore.class)
  PostgresQualityStore qualityStore(DataSource dataSource) {
    return new PostgresQualityStore(dataSource);
  }

  @Bean
  @ConditionalOnMissingBean(QualityThresholdStore.class)
  PostgresQualityThresholdStore qualityThresholdStore(DataSource dataSource) {
    return new PostgresQualityThresholdStore(dataSource);
  }
}
