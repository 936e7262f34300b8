package io.lumina.worker.store;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Span storage upkeep ({@code lumina.storage.*}).
 *
 * @param partitionsAhead day partitions created ahead of time, after today (UTC), so the first span
 *     of a day never waits for DDL; days beyond are still created on demand
 * @param partitionCheckInterval how often the partitions ahead are checked
 * @param statisticsCheckInterval how often the worker looks for day partitions that hold spans but
 *     have no planner statistics yet (a new day's, where autovacuum has not analyzed it) and
 *     analyzes them; until then queries reading that day may take a slow plan
 * @param statisticsMinRows rows written to a day partition before its first ANALYZE
 */
@Validated
@ConfigurationProperties("lumina.storage")
public record StorageProperties(
    @DefaultValue("3") @Min(0) @Max(60) int partitionsAhead,
    @DefaultValue("1h") @NotNull Duration partitionCheckInterval,
    @DefaultValue("5s") @NotNull Duration statisticsCheckInterval,
    @DefaultValue("1000") @Min(1) long statisticsMinRows) {}
