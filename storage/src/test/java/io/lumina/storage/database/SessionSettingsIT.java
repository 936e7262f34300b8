package io.lumina.storage.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.lumina.storage.TestStorage;
import io.lumina.testing.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Connections of a service's pool start without JIT, keeping what the operator set. */
class SessionSettingsIT {

  @Test
  void theServicePoolsSessionsRunWithoutJit() {
    TestDatabase db = TestDatabase.shared();
    TestStorage.dataSource(); // migrated, as a service finds its database
    try (ConfigurableApplicationContext service =
        new SpringApplicationBuilder(Service.class)
            .web(WebApplicationType.NONE)
            .run(
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--spring.datasource.hikari.data-source-properties.options=-c work_mem=8MB",
                "--spring.flyway.enabled=false")) {
      DataSource pool = service.getBean(DataSource.class);

      assertThat(pool).isInstanceOf(HikariDataSource.class);
      assertThat(setting(pool, "jit")).isEqualTo("off");
      assertThat(setting(pool, "work_mem")).isEqualTo("8MB");
    }
  }

  /** A service with a database: Spring Boot's pool and the storage auto-configuration. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Service {}

  @Test
  void optionsTheOperatorSetAreKept() {
    try (HikariDataSource pool = postProcessed(pool("-c statement_timeout=4321"))) {
      assertThat(setting(pool, "jit")).isEqualTo("off");
      assertThat(setting(pool, "statement_timeout")).isEqualTo("4321ms");
    }
  }

  @Test
  void anOperatorsOwnJitSettingWins() {
    try (HikariDataSource pool = postProcessed(pool("-c jit=on"))) {
      assertThat(setting(pool, "jit")).isEqualTo("on");
    }
  }

  @Test
  void aRunningPoolIsLeftAlone() {
    HikariDataSource pool = pool(null);
    try (pool) {
      setting(pool, "jit"); // starts the pool

      postProcessed(pool);

      assertThat(pool.getDataSourceProperties()).doesNotContainKey("options");
    }
  }

  /** {@code pool} as the storage auto-configuration hands it to the service. */
  private static HikariDataSource postProcessed(HikariDataSource pool) {
    new SessionSettingsPostProcessor().postProcessAfterInitialization(pool, "dataSource");
    return pool;
  }

  private static HikariDataSource pool(String options) {
    TestDatabase db = TestDatabase.shared();
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(db.jdbcUrl());
    pool.setUsername(db.user());
    pool.setPassword(db.password());
    pool.setMaximumPoolSize(2);
    if (options != null) {
      pool.addDataSourceProperty("options", options);
    }
    return pool;
  }

  private static String setting(DataSource db, String name) {
    return new JdbcTemplate(db).queryForObject("SELECT current_setting(?)", String.class, name);
  }
}
