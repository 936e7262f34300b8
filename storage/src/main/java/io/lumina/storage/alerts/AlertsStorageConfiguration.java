package io.lumina.storage.alerts;

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
  ChannelStore channelStore(DataSource dataSource) {
    return new JdbcChannelStore(new JdbcTemplate(dataSource));
  }

  @Bean
  DeliveryStore deliveryStore(DataSource dataSource) {
    return new JdbcDeliveryStore(new JdbcTemplate(dataSource));
  }

  @Bean
  WindowStats windowStats(DataSource dataSource) {
    return new JdbcWindowStats(new JdbcTemplate(dataSource));
  }
}
