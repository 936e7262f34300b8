package io.lumina.replay.providers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lumina.replay.*}: how runs call providers and how results are judged. Validated at start,
 * so a bad value stops the service instead of surfacing as odd runs. Documented in docs/replay.md.
 *
 * @param concurrency provider calls in flight per run
 * @param callTimeout the whole of one provider call, connect to last byte
 * @param maxAttempts calls per item including retries of 429, 5xx and connection failures
 * @param retryBackoff the first wait between attempts when the provider gave no Retry-After;
 *     doubles
 * @param maxRetryWait the longest Retry-After honoured; a longer one records the item as
 *     rate_limited
 * @param maxSetSize the most items one replay set may capture
 * @param regressionThreshold a replayed item scoring below this similarity is listed as a
 *     regression
 * @param defaultProvider the provider used when a run names none
 * @param providers the LLM providers runs may call, by name
 */
@Validated
@ConfigurationProperties("lumina.replay")
public record ReplayProperties(
    @DefaultValue("4") @Min(1) @Max(64) int concurrency,
    @DefaultValue("60s") @NotNull Duration callTimeout,
    @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
    @DefaultValue("1s") @NotNull Duration retryBackoff,
    @DefaultValue("60s") @NotNull Duration maxRetryWait,
    @DefaultValue("1000") @Min(1) @Max(10000) int maxSetSize,
    @DefaultValue("0.8") @DecimalMin("0") @DecimalMax("1") double regressionThreshold,
    String defaultProvider,
    @Valid Map<String, Provider> providers) {

  public ReplayProperties {
    providers = providers == null ? Map.of() : Map.copyOf(providers);
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("lumina.replay.call-timeout must be positive");
    }
    if (retryBackoff.isNegative() || maxRetryWait.isNegative()) {
      throw new IllegalArgumentException(
          "lumina.replay.retry-backoff and max-retry-wait must not be negative");
    }
    if (defaultProvider != null
        && !defaultProvider.isBlank()
        && !providers.containsKey(defaultProvider)) {
      throw new IllegalArgumentException(
          "lumina.replay.default-provider '"
              + defaultProvider
              + "' is not one of lumina.replay.providers "
              + providers.keySet());
    }
  }

  /** The two provider protocols. */
  public enum ProviderType {
    OPENAI,
    ANTHROPIC
  }

  /**
   * One provider. {@code baseUrl} for OpenAI-compatible servers ends before {@code
   * /chat/completions} (https://api.openai.com/v1, http://localhost:11434/v1 for Ollama,
   * http://localhost:8000/v1 for vLLM,
   * https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT for Azure with {@code
   * apiVersion}); for Anthropic it is the host (https://api.anthropic.com). The key is never logged
   * or returned.
   *
   * @param apiVersion Azure OpenAI only: sent as {@code ?api-version=}, and the key as {@code
   *     api-key}
   * @param maxTokensParameter the OpenAI request field for the output limit: {@code max_tokens}, or
   *     {@code max_completion_tokens} for OpenAI's reasoning models
   * @param anthropicVersion the {@code anthropic-version} header
   */
  public record Provider(
      @NotNull ProviderType type,
      @NotNull URI baseUrl,
      String apiKey,
      String defaultModel,
      String apiVersion,
      @DefaultValue("max_tokens") String maxTokensParameter,
      @DefaultValue("2023-06-01") String anthropicVersion) {

    public Provider {
      if (baseUrl != null
          && (baseUrl.getScheme() == null || !baseUrl.getScheme().startsWith("http"))) {
        throw new IllegalArgumentException("provider base-url must be http(s): " + baseUrl);
      }
      if (maxTokensParameter == null || maxTokensParameter.isBlank()) {
        maxTokensParameter = "max_tokens";
      }
      if (anthropicVersion == null || anthropicVersion.isBlank()) {
        anthropicVersion = "2023-06-01";
      }
    }

    public boolean hasKey() {
      return apiKey != null && !apiKey.isBlank();
    }

    // The generated toString would print the key into any log line that prints the settings.
    @Override
    public String toString() {
      return "Provider[type="
          + type
          + ", baseUrl="
          + baseUrl
          + ", apiKey="
          + (hasKey() ? "***" : "none")
          + ", defaultModel="
          + defaultModel
          + ", apiVersion="
          + apiVersion
          + "]";
    }
  }
}
