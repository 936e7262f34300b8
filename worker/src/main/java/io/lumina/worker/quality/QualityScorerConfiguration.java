package io.lumina.worker.quality;

import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundProperties;
import io.lumina.outbound.OutboundRefusedException;
import io.lumina.similarity.EmbeddingsScorer;
import io.lumina.similarity.ExactHashScorer;
import io.lumina.similarity.LlmJudgeScorer;
import io.lumina.similarity.SimilarityScorer;
import io.lumina.similarity.TextSimilarityScorer;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the similarity scorer from {@code lumina.quality.scorer}. Wrapped in {@link
 * QualityScorer} rather than exposed as a {@link SimilarityScorer} bean, so other features of the
 * worker can have scorers of their own without ambiguity. The judge and embeddings servers are
 * reached through the outbound policy, with the larger bound for model answers; a base URL whose
 * literal address the policy refuses stops the start with the rule's name (docs/security.md).
 */
@Configuration(proxyBeanMethods = false)
class QualityScorerConfiguration {

  @Bean
  QualityScorer qualityScorer(
      QualityProperties properties, OutboundHttpClient http, OutboundProperties outbound) {
    return new QualityScorer(
        create(
            properties,
            http.withMaxResponseBytes((int) outbound.maxModelResponseBody().toBytes())));
  }

  static SimilarityScorer create(QualityProperties properties, OutboundHttpClient http) {
    return switch (properties.scorer().toLowerCase(Locale.ROOT)) {
      case TextSimilarityScorer.NAME -> new TextSimilarityScorer();
      case ExactHashScorer.NAME -> new ExactHashScorer();
      case LlmJudgeScorer.NAME -> {
        QualityProperties.Judge judge = properties.judge();
        LlmJudgeScorer.Protocol protocol =
            switch (judge.protocol().toLowerCase(Locale.ROOT)) {
              case "anthropic" -> LlmJudgeScorer.Protocol.ANTHROPIC;
              case "openai" -> LlmJudgeScorer.Protocol.OPENAI;
              default ->
                  throw new IllegalArgumentException(
                      "lumina.quality.judge.protocol must be anthropic or openai, not "
                          + judge.protocol());
            };
        if (protocol == LlmJudgeScorer.Protocol.ANTHROPIC && judge.apiKey().isBlank()) {
          // every call would fail with 401: refuse to start rather than mark every span unscorable
          throw new IllegalArgumentException(
              "lumina.quality.scorer=llm-judge with the anthropic protocol needs "
                  + "lumina.quality.judge.api-key (LUMINA_QUALITY_JUDGE_API_KEY)");
        }
        checkUrl(http, "lumina.quality.judge.base-url", judge.baseUrl());
        yield new LlmJudgeScorer(
            protocol, judge.baseUrl(), judge.apiKey(), judge.model(), judge.timeout(), http);
      }
      case EmbeddingsScorer.NAME -> {
        QualityProperties.Embeddings e = properties.embeddings();
        checkUrl(http, "lumina.quality.embeddings.base-url", e.baseUrl());
        yield new EmbeddingsScorer(e.baseUrl(), e.apiKey(), e.model(), e.timeout(), http);
      }
      default ->
          throw new IllegalArgumentException(
              "lumina.quality.scorer must be one of text, exact, llm-judge, "
                  + "embeddings; not "
                  + properties.scorer());
    };
  }

  private static void checkUrl(OutboundHttpClient http, String setting, String url) {
    try {
      http.policy().checkConfigured(url);
    } catch (OutboundRefusedException e) {
      throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
    }
  }

  /** The scorer quality monitoring uses. */
  record QualityScorer(SimilarityScorer scorer) {}
}
