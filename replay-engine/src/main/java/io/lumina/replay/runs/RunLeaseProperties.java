package io.lumina.replay.runs;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lumina.replay.runs.*}: how replay engines share runs (docs/replay.md).
 *
 * @param lease how long a claimed run stays this engine's without renewal; renewed every third of
 *     it while the run executes, and runs whose lease ended (an engine that died) are looked for
 *     every half of it
 */
@Validated
@ConfigurationProperties("lumina.replay.runs")
public record RunLeaseProperties(@DefaultValue("30s") @NotNull Duration lease) {
  public RunLeaseProperties {
    if (lease.compareTo(Duration.ofMillis(300)) < 0) {
      throw new IllegalArgumentException("lumina.replay.runs.lease must be at least 300ms");
    }
  }
}
