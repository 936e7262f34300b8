package io.lumina.worker.consume;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How large one transaction of the worker grows ({@code lumina.worker.batch.*}; environment {@code
 * LUMINA_WORKER_BATCH_MAX_SPANS}, {@code LUMINA_WORKER_BATCH_MAX_BYTES}): a consumer fetches and
 * decodes messages until either bound is reached, so its heap is bounded whatever the message sizes
 * (the formula is in docs/worker.md#memory). A single message larger than {@code maxBytes} forms a
 * batch on its own.
 *
 * @param maxSpans spans in one batch; a message whose spans would take the batch beyond it starts
 *     the next batch (a single message with more spans forms a batch on its own)
 * @param maxBytes OTLP payload bytes in one batch
 */
@Validated
@ConfigurationProperties("lumina.worker.batch")
public record BatchProperties(
    @DefaultValue("5000") @Min(1) @Max(1_000_000) int maxSpans,
    @DefaultValue("16MB") @NotNull DataSize maxBytes) {

  public BatchProperties {
    if (maxBytes != null && (maxBytes.toBytes() < 1024 || maxBytes.toBytes() > 1L << 30)) {
      throw new IllegalArgumentException(
          "lumina.worker.batch.max-bytes must be between 1KB and 1GB: " + maxBytes);
    }
  }

  public long maxBytesValue() {
    return maxBytes.toBytes();
  }
}
