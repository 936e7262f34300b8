package io.lumina.worker.config;

import io.lumina.worker.consume.LagMonitor;
import io.lumina.worker.store.PartitionMaintainer;
import io.lumina.worker.store.RetentionJob;
import io.lumina.worker.store.SpanBatchWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Span storage beans and their schedules: partitions ahead, retention (cron, UTC), consumer lag.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

  @Bean
  SpanBatchWriter spanBatchWriter(DataSource dataSource, MeterRegistry meters) {
    return new SpanBatchWriter(dataSource, meters);
  }

  @Bean
  PartitionMaintainer partitionMaintainer(
      DataSource dataSource, SpanBatchWriter writer, Clock clock, StorageProperties storage) {
    return new PartitionMaintainer(dataSource, writer, clock, storage.partitionsAhead());
  }

  @Bean
  RetentionJob retentionJob(
      DataSource dataSource,
      SpanBatchWriter writer,
      Clock clock,
      RetentionProperties retention,
      MeterRegistry meters) {
    return new RetentionJob(dataSource, writer, clock, retention.days(), meters);
  }

  @Bean
  SchedulingConfigurer storeSchedules(
      PartitionMaintainer partitions,
      RetentionJob retention,
      RetentionProperties retentionSettings,
      StorageProperties storage,
      LagMonitor lag,
      WorkerProperties worker) {
    return (ScheduledTaskRegistrar registrar) -> {
      registrar.addFixedDelayTask(
          new FixedDelayTask(
              partitions::runScheduled, storage.partitionCheckInterval(), Duration.ZERO));
      if (!retentionSettings.keepsForever()) {
        registrar.addCronTask(
            new CronTask(
                retention::runScheduled,
                new CronTrigger(retentionSettings.springCron(), ZoneOffset.UTC)));
      }
      registrar.addFixedDelayTask(
          new FixedDelayTask(lag::refresh, worker.lagInterval(), Duration.ZERO));
    };
  }
}
