package io.lumina.storage.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives the service's connection pool (Spring Boot's, from {@code spring.datasource.*}) the {@link
 * SessionSettings}: after its properties are bound, before it opens a connection.
 */
public final class SessionSettingsPostProcessor implements BeanPostProcessor {

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof HikariDataSource pool && !pool.isRunning()) {
      SessionSettings.applyTo(pool);
    }
    return bean;
  }
}
