package io.lumina.storage.replay;

import io.lumina.storage.replica.ReadDataSource;
import io.lumina.storage.replica.ReadReplicaConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The replay engine's stores: sets with their captured calls, runs with their results. */
@Configuration(proxyBeanMethods = false)
@Import(ReadReplicaConfiguration.class)
public class ReplayStorageConfiguration {

  @Bean
  ReplaySetStore replaySetStore(
      JdbcClient jdbc,
      JdbcTemplate batches,
      ReadDataSource reads,
      TransactionTemplate transactions) {
    return new JdbcReplaySetStore(
        jdbc, batches, JdbcClient.create(reads.dataSource()), transactions);
  }

  @Bean
  ReplayRunStore replayRunStore(JdbcClient jdbc) {
    return new JdbcReplayRunStore(jdbc);
  }
}
