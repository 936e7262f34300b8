package io.lumina.ingestion.backlog;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Backlog admission ({@code lumina.ingestion.backlog.*}): while the queue holds more unprocessed
 * work than this, ingestion answers 503 with {@code Retry-After} (gRPC: {@code UNAVAILABLE}), so an
 * overloaded machine spends its CPU draining rather than accepting (docs/ingestion.md).
 *
 * @param maxBytes unacknowledged bytes in the queue above which requests are refused ({@code
 *     LUMINA_BACKLOG_MAX_BYTES}); about a minute of one worker's drain by default; 0 turns the byte
 *     check off. Keep it well below {@code lumina.nats.max-bytes}
 * @param maxMessages unacknowledged messages above which requests are refused ({@code
 *     LUMINA_BACKLOG_MAX_MESSAGES}); 0 turns the message check off
 * @param refreshInterval how often the backlog is read from the queue, on a background thread
 *     (never per request; {@code LUMINA_BACKLOG_REFRESH_INTERVAL}); a request is judged by the last
 *     reading
 */
@Validated
@ConfigurationProperties("lumina.ingestion.backlog")
public record BacklogProperties(
    @DefaultValue("128MB") @NotNull DataSize maxBytes,
    @DefaultValue("0") @PositiveOrZero long maxMessages,
    @DefaultValue("1s") @NotNull Duration refreshInterval) {

  public BacklogProperties {
    if (maxBytes != null && maxBytes.isNegative()) {
      throw new IllegalArgumentException("max-bytes cannot be negative: " + maxBytes);
    }
    if (refreshInterval != null && (refreshInterval.isZero() || refreshInterval.isNegative())) {
      throw new IllegalArgumentException("refresh-interval must be positive: " + refreshInterval);
    }
  }

  /** Whether any check is on. */
  public boolean enabled() {
    return maxBytes.toBytes() > 0 || maxMessages > 0;
  }
}
