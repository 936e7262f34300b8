package io.lumina.storage.autoconfigure;

import io.lumina.storage.alerts.AlertsStorageConfiguration;
import io.lumina.storage.analytics.AnalyticsStorageConfiguration;
import io.lumina.storage.database.SessionSettings;
import io.lumina.storage.database.SessionSettingsPostProcessor;
import io.lumina.storage.export.ExportStorageConfiguration;
import io.lumina.storage.keys.KeyStorageConfiguration;
import io.lumina.storage.lock.LockStorageConfiguration;
import io.lumina.storage.pricing.PricingStorageConfiguration;
import io.lumina.storage.quality.QualityStorageConfiguration;
import io.lumina.storage.queue.QueueStorageConfiguration;
import io.lumina.storage.replay.ReplayStorageConfiguration;
import io.lumina.storage.replica.ReadReplicaConfiguration;
import io.lumina.storage.retention.RetentionStorageConfiguration;
import io.lumina.storage.secrets.SecretsStorageConfiguration;
import io.lumina.storage.spans.SpanStorageConfiguration;
import io.lumina.storage.traces.TracesStorageConfiguration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The storage beans of every service that has a database: each capability package contributes one
 * {@code @Configuration} listed here, so a service gets the writers, readers and stores as
 * interfaces and never sees SQL.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@Import({
  ReadReplicaConfiguration.class,
  KeyStorageConfiguration.class,
  SecretsStorageConfiguration.class,
  ReplayStorageConfiguration.class,
  SpanStorageConfiguration.class,
  RetentionStorageConfiguration.class,
  PricingStorageConfiguration.class,
  QualityStorageConfiguration.class,
  TracesStorageConfiguration.class,
  AnalyticsStorageConfiguration.class,
  ExportStorageConfiguration.class,
  AlertsStorageConfiguration.class,
  LockStorageConfiguration.class,
  QueueStorageConfiguration.class
})
public class StorageAutoConfiguration {

  /** Every connection the service's pool opens starts with {@link SessionSettings}. */
  @Bean
  static SessionSettingsPostProcessor sessionSettingsPostProcessor() {
    return new SessionSettingsPostProcessor();
  }
}
