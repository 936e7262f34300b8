package io.lumina.worker.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QualityScorerConfigurationTest {

  private static QualityProperties settings(String scorer, String protocol, String key) {
    return new QualityProperties(
        true,
        scorer,
        Duration.ofSeconds(1),
        200,
        4,
        0.5,
        10_000,
        new QualityProperties.Judge(
            protocol, "http://127.0.0.1:1", key, "m", Duration.ofSeconds(1)),
        new QualityProperties.Embeddings("http://127.0.0.1:1/v1", "", "e", Duration.ofSeconds(1)));
  }

  @Test
  void choosesTheConfiguredScorer() {
    assertThat(QualityScorerConfiguration.create(settings("text", "anthropic", "")).name())
        .isEqualTo("text");
    assertThat(QualityScorerConfiguration.create(settings("exact", "anthropic", "")).name())
        .isEqualTo("exact");
    assertThat(QualityScorerConfiguration.create(settings("LLM-JUDGE", "anthropic", "k")).name())
        .isEqualTo("llm-judge");
    assertThat(QualityScorerConfiguration.create(settings("llm-judge", "openai", "")).name())
        .isEqualTo("llm-judge");
    assertThat(QualityScorerConfiguration.create(settings("embeddings", "anthropic", "")).name())
        .isEqualTo("embeddings");
  }

  @Test
  void refusesToStartWithAnUnusableChoice() {
    assertThatThrownBy(() -> QualityScorerConfiguration.create(settings("bleu", "anthropic", "")))
        .hasMessageContaining("lumina.quality.scorer");
    assertThatThrownBy(
            () -> QualityScorerConfiguration.create(settings("llm-judge", "anthropic", "")))
        .hasMessageContaining("lumina.quality.judge.api-key");
    assertThatThrownBy(
            () -> QualityScorerConfiguration.create(settings("llm-judge", "gemini", "k")))
        .hasMessageContaining("lumina.quality.judge.protocol");
  }
}
