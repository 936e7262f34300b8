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
 */
@Validated
@ConfigurationProperties("lumina.storage")
public record StorageProperties(
    @DefaultValue("3") @Min(0) @Max(60) int partitionsAhead,
    @DefaultValue("1h") @NotNull Duration partitionCheckInterval) {}
