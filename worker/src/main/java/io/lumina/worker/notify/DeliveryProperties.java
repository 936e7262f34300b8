package io.lumina.worker.notify;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Alert notification delivery ({@code lumina.alerts.delivery.*}; environment {@code
 * LUMINA_ALERTS_DELIVERY_MAX_ATTEMPTS}...). See docs/alerts.md.
 *
 * @param enabled whether this replica sends deliveries (any number of replicas may: rows are
 *     leased)
 * @param pollInterval pause between polls of the outbox when nothing was due
 * @param batchSize deliveries leased per poll
 * @param maxAttempts attempts before a delivery is marked failed
 * @param initialBackoff wait after the first failed attempt; doubles with each further failure
 * @param maxBackoff the longest wait between attempts
 * @param timeout per HTTP attempt: connecting, sending and reading the whole answer
 * @param lease how long a leased delivery is hidden from other replicas; renewed every third of it
 *     while the request is in flight, so a replica that dies mid-send leaves it to be retried after
 *     at most this
 * @param perChannelConcurrency sends in flight to one channel at a time (per replica): a slow
 *     endpoint occupies only its own channel's slots
 * @param maxInFlight sends in flight in all (per replica)
 */
@Validated
@ConfigurationProperties("lumina.alerts.delivery")
public record DeliveryProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1s") @NotNull Duration pollInterval,
    @DefaultValue("20") @Min(1) @Max(1000) int batchSize,
    @DefaultValue("10") @Min(1) @Max(100) int maxAttempts,
    @DefaultValue("2s") @NotNull Duration initialBackoff,
    @DefaultValue("10m") @NotNull Duration maxBackoff,
    @DefaultValue("10s") @NotNull Duration timeout,
    @DefaultValue("2m") @NotNull Duration lease,
    @DefaultValue("2") @Min(1) @Max(100) int perChannelConcurrency,
    @DefaultValue("32") @Min(1) @Max(1000) int maxInFlight) {

  /** The wait after {@code failedAttempts} failures: initial, doubled each time, capped. */
  Duration backoff(int failedAttempts) {
    int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
    Duration d = initialBackoff.multipliedBy(1L << doublings);
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
