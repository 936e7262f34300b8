package io.lumina.worker.store;

import io.lumina.storage.retention.SpanRetention;
import io.lumina.storage.spans.SpanPartitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's side of storage upkeep: which days, by its clock and settings. Day partitions are
 * created ahead of time (today .. today + N, UTC), so the first spans of a day do not wait for DDL
 * (the writer still creates a missing one on demand, so a late run loses nothing); retention
 * removes what started before today - days (UTC); a partition that has rows but no planner
 * statistics yet, as today's has from its first spans, is analyzed. All are safe on every replica
 * at once.
 */
public final class StorageUpkeep {
  private static final Logger log = LoggerFactory.getLogger(StorageUpkeep.class);

  private final SpanPartitions partitions;
  private final SpanRetention retention;
  private final Clock clock;
  private final int partitionsAhead;
  private final int retentionDays;
  private final long statisticsMinRows;
  private final Counter partitionsDropped;

  public StorageUpkeep(
      SpanPartitions partitions,
      SpanRetention retention,
      Clock clock,
      int partitionsAhead,
      int retentionDays,
      long statisticsMinRows,
      MeterRegistry meters) {
    this.partitions = partitions;
    this.retention = retention;
    this.clock = clock;
    this.partitionsAhead = partitionsAhead;
    this.retentionDays = retentionDays;
    this.statisticsMinRows = statisticsMinRows;
    this.partitionsDropped =
        Counter.builder("lumina.worker.retention.partitions.dropped")
            .description("span day partitions dropped by retention")
            .register(meters);
  }

  /** Ensures today's partition and the next {@code partitionsAhead}; returns how many days. */
  public int ensurePartitionsAhead() {
    LocalDate today = today();
    List<LocalDate> days = new ArrayList<>(partitionsAhead + 1);
    for (int i = 0; i <= partitionsAhead; i++) {
      days.add(today.plusDays(i));
    }
    partitions.create(days);
    return days.size();
  }

  /**
   * Runs retention once now: everything that started before {@code today - days} (UTC) goes.
   * Skipped when retention keeps everything (0 days).
   */
  public SpanRetention.Result runRetention() {
    if (retentionDays <= 0) {
      return SpanRetention.Result.skipped(null);
    }
    SpanRetention.Result result = retention.deleteBefore(today().minusDays(retentionDays));
    partitionsDropped.increment(result.droppedPartitions().size());
    return result;
  }

  /** Analyzes the partitions written to but never analyzed; returns their names. */
  public List<String> analyzeNewPartitions() {
    List<String> analyzed = partitions.analyzeNew(statisticsMinRows);
    if (!analyzed.isEmpty()) {
      log.info("gathered planner statistics for new span partitions {}", analyzed);
    }
    return analyzed;
  }

  /** The scheduled form: a failure is logged and the next run tries again. */
  public void analyzeNewPartitionsScheduled() {
    try {
      analyzeNewPartitions();
    } catch (RuntimeException e) {
      log.warn("could not analyze new span partitions (will retry): {}", e.getMessage());
    }
  }

  /** The scheduled form: a failure (database down) is logged and retried at the next run. */
  public void ensurePartitionsAheadScheduled() {
    try {
      ensurePartitionsAhead();
    } catch (RuntimeException e) {
      log.warn("could not create span partitions ahead (will retry): {}", e.getMessage());
    }
  }

  /** The scheduled form: a failure is logged and the next run tries again. */
  public void runRetentionScheduled() {
    try {
      runRetention();
    } catch (RuntimeException e) {
      log.warn("retention run failed (will retry at the next scheduled time): {}", e.getMessage());
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
