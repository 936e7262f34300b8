package io.lumina.storage.queue;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker's own bookkeeping about queued messages. */
@Configuration(proxyBeanMethods = false)
public class QueueStorageConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MessageFailures messageFailures(DataSource dataSource) {
    return new PostgresMessageFailures(dataSource);
  }
}
