package io.lumina.storage.replay;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The replay engine's stores: sets with their captured calls, runs with their results. */
@Configuration(proxyBeanMethods = false)
public class ReplayStorageConfiguration {

  @Bean
  ReplaySetStore replaySetStore(JdbcClient jdbc, TransactionTemplate transactions) {
    return new JdbcReplaySetStore(jdbc, transactions);
  }

  @Bean
  ReplayRunStore replayRunStore(JdbcClient jdbc) {
    return new JdbcReplayRunStore(jdbc);
  }
}
