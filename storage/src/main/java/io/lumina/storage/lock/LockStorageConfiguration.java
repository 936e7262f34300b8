package io.lumina.storage.lock;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The leader lock of jobs one replica runs at a time. */
@Configuration(proxyBeanMethods = false)
public class LockStorageConfiguration {

  @Bean
  LeaderLock leaderLock(DataSource dataSource) {
    return new AdvisoryLeaderLock(dataSource);
  }
}
