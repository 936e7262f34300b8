package io.lumina.sdk.spring;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Lumina SDK in a Spring Boot application ({@code lumina.sdk.*}; environment {@code
 * LUMINA_SDK_ENDPOINT}, {@code LUMINA_SDK_API_KEY}...). See docs/sdk.md.
 *
 * @param enabled whether the SDK starts at all
 * @param endpoint Lumina's OTLP/HTTP ingestion ({@code /v1/traces} is appended when missing)
 * @param serviceName {@code service.name} of the spans; default {@code spring.application.name}
 * @param apiKey a key with the ingest role, when Lumina's authentication is on; never logged
 * @param samplingRate share of traces kept by trace id, 0 to 1
 * @param alwaysSample traces kept whatever the rate
 * @param captureContent whether prompts and responses are recorded
 * @param export how spans are sent
 * @param buffer the bounds of the conditional sampling buffer
 * @param springAi whether Spring AI chat observations become Lumina spans
 * @param langchain4j whether a LangChain4j {@code ChatModelListener} bean is offered
 */
@Validated
@ConfigurationProperties("lumina.sdk")
public record LuminaSdkProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("http://127.0.0.1:9411") @NotBlank String endpoint,
    String serviceName,
    String apiKey,
    @DefaultValue("1.0") @DecimalMin("0.0") @DecimalMax("1.0") double samplingRate,
    @DefaultValue @Valid @NotNull AlwaysSample alwaysSample,
    @DefaultValue("true") boolean captureContent,
    @DefaultValue @Valid @NotNull Export export,
    @DefaultValue @Valid @NotNull Buffer buffer,
    @DefaultValue @Valid @NotNull Integration springAi,
    @DefaultValue @Valid @NotNull Integration langchain4j) {

  /**
   * @param errors keep every trace with an error
   * @param costUsdAbove keep every trace with an LLM call that cost more (USD); none when unset
   * @param userIds keep every trace of these users
   */
  public record AlwaysSample(
      @DefaultValue("false") boolean errors,
      @DecimalMin("0.0") Double costUsdAbove,
      @DefaultValue List<@NotBlank String> userIds) {}

  /**
   * @param timeout one export, retries of 429/502/503/504 (waiting what Retry-After asks) included
   * @param delay how long finished spans wait to be batched
   * @param queueSize spans waiting for export; beyond, new ones are dropped
   */
  public record Export(
      @DefaultValue("30s") @NotNull Duration timeout,
      @DefaultValue("1s") @NotNull Duration delay,
      @DefaultValue("8192") @Min(1) int queueSize) {}

  /**
   * @param maxSpans spans held while their trace waits for its local root
   * @param maxBytes their estimated size
   * @param timeout how long a trace may wait for its local root
   */
  public record Buffer(
      @DefaultValue("10000") @Min(1) int maxSpans,
      @DefaultValue("32MB") @NotNull DataSize maxBytes,
      @DefaultValue("60s") @NotNull Duration timeout) {}

  /**
   * @param enabled whether this integration is set up when its library is present
   */
  public record Integration(@DefaultValue("true") boolean enabled) {}
}
