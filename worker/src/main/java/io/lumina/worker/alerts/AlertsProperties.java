package io.lumina.worker.alerts;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The alert evaluator ({@code lumina.alerts.*}; environment {@code
 * LUMINA_ALERTS_EVALUATE_INTERVAL}...). See docs/alerts.md.
 *
 * @param enabled whether this replica takes part in evaluation (only one replica evaluates at a
 *     time)
 * @param evaluateInterval how often every enabled rule is evaluated; with the worker's own delay
 *     this keeps trace-to-alert well under a minute
 * @param baselinePeriod how far back the baseline reaches before the current window
 * @param minSamples spans needed in the current window before a rule may fire (a rule can override
 *     it): one request cannot page anyone
 * @param minBaselineSamples spans needed in the baseline period before a rule may fire
 * @param baselineRefresh how long a computed baseline is reused; it moves slowly, and recomputing
 *     seven days of percentiles every few seconds would be waste
 * @param lockKey the PostgreSQL advisory lock key that elects the evaluating replica
 */
@Validated
@ConfigurationProperties("lumina.alerts")
public record AlertsProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("5s") @NotNull Duration evaluateInterval,
    @DefaultValue("7d") @NotNull Duration baselinePeriod,
    @DefaultValue("10") @Min(1) int minSamples,
    @DefaultValue("20") @Min(1) int minBaselineSamples,
    @DefaultValue("1m") @NotNull Duration baselineRefresh,
    @DefaultValue("7395841203") long lockKey) {}
