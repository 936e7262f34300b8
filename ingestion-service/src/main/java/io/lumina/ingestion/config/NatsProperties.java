package io.lumina.ingestion.config;

import io.lumina.queue.jetstream.JetStreamSettings;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where spans are published ({@code lumina.nats.*}; environment {@code LUMINA_NATS_URL}...).
 *
 * @param maxBytes stream size limit, -1 for none; when full, ingestion answers 503
 */
@Validated
@ConfigurationProperties("lumina.nats")
public record NatsProperties(
    @DefaultValue("nats://127.0.0.1:4222") @NotBlank String url,
    @DefaultValue("LUMINA_SPANS") @NotBlank String stream,
    @DefaultValue("lumina.spans") @NotBlank String subject,
    @DefaultValue("7d") @NotNull Duration maxAge,
    @DefaultValue("-1") long maxBytes,
    @DefaultValue("2m") @NotNull Duration duplicateWindow,
    @DefaultValue("5s") @NotNull Duration publishTimeout,
    @DefaultValue("1") @Positive int replicas) {

  public JetStreamSettings toSettings() {
    return new JetStreamSettings(
        url, stream, subject, maxAge, maxBytes, duplicateWindow, publishTimeout, replicas);
  }
}
