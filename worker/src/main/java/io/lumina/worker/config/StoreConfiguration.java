package io.lumina.worker.config;

import io.lumina.storage.retention.SpanRetention;
import io.lumina.storage.spans.SpanPartitions;
import io.lumina.worker.consume.LagMonitor;
import io.lumina.worker.consume.WorkerProperties;
import io.lumina.worker.store.RetentionProperties;
import io.lumina.worker.store.StorageProperties;
import io.lumina.worker.store.StorageUpkeep;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Storage upkeep and its schedules: partitions ahead, statistics of new partitions, retention
 * (cron, UTC), consumer lag. The storage module does the work; the worker decides when and for
 * which days.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

  @Bean
  StorageUpkeep storageUpkeep(
      SpanPartitions partitions,
      SpanRetention retention,
      Clock clock,
      StorageProperties storage,
      RetentionProperties retentionSettings,
      MeterRegistry meters) {
    return new StorageUpkeep(
        partitions,
        retention,
        clock,
        storage.partitionsAhead(),
        retentionSettings.days(),
        storage.statisticsMinRows(),
        meters);
  }

  @Bean
  SchedulingConfigurer storeSchedules(
      StorageUpkeep upkeep,
      RetentionProperties retentionSettings,
      StorageProperties storage,
      LagMonitor lag,
      WorkerProperties worker) {
    return (ScheduledTaskRegistrar registrar) -> {
      registrar.addFixedDelayTask(
          new FixedDelayTask(
              upkeep::ensurePartitionsAheadScheduled,
              storage.partitionCheckInterval(),
              Duration.ZERO));
      registrar.addFixedDelayTask(
          new FixedDelayTask(
              upkeep::analyzeNewPartitionsScheduled,
              storage.statisticsCheckInterval(),
              storage.statisticsCheckInterval()));
      if (!retentionSettings.keepsForever()) {
        registrar.addCronTask(
            new CronTask(
                upkeep::runRetentionScheduled,
                new CronTrigger(retentionSettings.springCron(), ZoneOffset.UTC)));
      }
      registrar.addFixedDelayTask(
          new FixedDelayTask(lag::refresh, worker.lagInterval(), Duration.ZERO));
    };
  }
}
