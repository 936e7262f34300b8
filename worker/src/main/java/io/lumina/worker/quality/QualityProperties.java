package io.lumina.worker.quality;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Response quality scoring ({@code lumina.quality.*}; environment {@code
 * LUMINA_QUALITY_SCORER}...). See docs/alerts.md.
 *
 * @param enabled whether this replica scores spans at all
 * @param scorer which similarity measure: {@code text} (offline, default), {@code exact}, {@code
 *     llm-judge} or {@code embeddings} (the last two need their settings below)
 * @param pollInterval pause between polls for unscored spans when the last poll found none
 * @param batchSize spans scored and written per poll: the bound of the in-memory backlog
 * @param concurrency scorer calls in flight at once (matters for the remote scorers)
 * @param degradedBelow a similarity below this marks the span (and its trace) degraded, unless the
 *     project or service set their own threshold (table quality_thresholds)
 * @param baselineCacheSize prompt baselines kept in memory per replica for scoring before the
 *     insert (local scorers); each holds one baseline response
 * @param judge the LLM judge's provider
 * @param embeddings the embeddings endpoint
 */
@Validated
@ConfigurationProperties("lumina.quality")
public record QualityProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("text") @NotBlank String scorer,
    @DefaultValue("1s") @NotNull Duration pollInterval,
    @DefaultValue("200") @Min(1) @Max(5000) int batchSize,
    @DefaultValue("4") @Min(1) @Max(64) int concurrency,
    @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double degradedBelow,
    @DefaultValue("10000") @Min(0) @Max(1_000_000) int baselineCacheSize,
    @DefaultValue @Valid @NotNull Judge judge,
    @DefaultValue @Valid @NotNull Embeddings embeddings) {

  /**
   * @param protocol {@code anthropic} (Messages API) or {@code openai} (chat completions, any
   *     compatible server)
   * @param baseUrl Anthropic: {@code https://api.anthropic.com}; OpenAI-compatible: ending in /v1
   * @param apiKey the provider key (environment {@code LUMINA_QUALITY_JUDGE_API_KEY}); never logged
   * @param model the judging model; a small fast one, since every scored span waits for it
   * @param timeout per call; a span whose call fails stays without a similarity
   */
  public record Judge(
      @DefaultValue("anthropic") @NotBlank String protocol,
      @DefaultValue("https://api.anthropic.com") @NotBlank String baseUrl,
      @DefaultValue("") String apiKey,
      @DefaultValue("claude-haiku-4-5") @NotBlank String model,
      @DefaultValue("10s") @NotNull Duration timeout) {}

  /**
   * @param baseUrl an OpenAI-compatible base URL ending in /v1
   * @param apiKey environment {@code LUMINA_QUALITY_EMBEDDINGS_API_KEY}; never logged
   * @param model the embedding model
   * @param timeout per call
   */
  public record Embeddings(
      @DefaultValue("https://api.openai.com/v1") @NotBlank String baseUrl,
      @DefaultValue("") String apiKey,
      @DefaultValue("text-embedding-3-small") @NotBlank String model,
      @DefaultValue("10s") @NotNull Duration timeout) {}
}
