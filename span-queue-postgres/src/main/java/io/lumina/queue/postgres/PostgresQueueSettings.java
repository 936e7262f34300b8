package io.lumina.queue.postgres;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The table-backed span queue ({@code lumina.queue.postgres.*}), used when {@code
 * lumina.queue.type=postgres}: in the all-in-one mode without NATS
 * (docs/decisions/0005-postgres-queue-for-all-in-one.md). It lives in the service's own database.
 *
 * @param maxPayload largest message; ingestion splits requests below it, as for JetStream's max
 *     payload
 */
@Validated
@ConfigurationProperties("lumina.queue.postgres")
public record PostgresQueueSettings(@DefaultValue("4MB") @NotNull DataSize maxPayload) {

  public int maxPayloadBytes() {
    return (int) Math.min(Integer.MAX_VALUE, maxPayload.toBytes());
  }
}
