package io.lumina.storage.alerts;

import io.lumina.storage.secrets.Secrets;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The stores of alert rules, alerts, channels and deliveries, and the rules' measurements. */
@Configuration(proxyBeanMethods = false)
public class AlertsStorageConfiguration {

  @Bean
  AlertRuleStore alertRuleStore(DataSource dataSource) {
    return new JdbcAlertRuleStore(new JdbcTemplate(dataSource));
  }

  @Bean
  AlertStore alertStore(DataSource dataSource) {
    return new JdbcAlertStore(new JdbcTemplate(dataSource));
  }

  @Bean
  ChannelStore channelStore(DataSource dataSource, Secrets secrets) {
    return new JdbcChannelStore(new JdbcTemplate(dataSource), secrets);
  }

  @Bean
  DeliveryStore deliveryStore(DataSource dataSource, Secrets secrets) {
    return new JdbcDeliveryStore(new JdbcTemplate(dataSource), secrets);
  }

  @Bean
  WindowStats windowStats(DataSource dataSource) {
    return new JdbcWindowStats(new JdbcTemplate(dataSource));
  }
}
