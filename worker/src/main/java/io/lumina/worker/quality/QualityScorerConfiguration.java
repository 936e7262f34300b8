package io.lumina.worker.quality;

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
 * worker can have scorers of their own without ambiguity.
 */
@Configuration(proxyBeanMethods = false)
class QualityScorerConfiguration {

  @Bean
  QualityScorer qualityScorer(QualityProperties properties) {
    return new QualityScorer(create(properties));
  }

  static SimilarityScorer create(QualityProperties properties) {
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
        yield new LlmJudgeScorer(
            protocol, judge.baseUrl(), judge.apiKey(), judge.model(), judge.timeout());
      }
      case EmbeddingsScorer.NAME -> {
        QualityProperties.Embeddings e = properties.embeddings();
        yield new EmbeddingsScorer(e.baseUrl(), e.apiKey(), e.model(), e.timeout());
      }
      default ->
          throw new IllegalArgumentException(
              "lumina.quality.scorer must be one of text, exact, llm-judge, "
                  + "embeddings; not "
                  + properties.scorer());
    };
  }

  /** The scorer quality monitoring uses. */
  record QualityScorer(SimilarityScorer scorer) {}
}
