package io.lumina.worker.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.outbound.HostResolver;
import io.lumina.outbound.OutboundAllowList;
import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundPolicy;
import io.lumina.similarity.SimilarityScorer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QualityScorerConfigurationTest {

  /** The settings below point at 127.0.0.1, which only an operator allow-list permits. */
  private static final OutboundHttpClient ALLOWING =
      new OutboundHttpClient(
          new OutboundPolicy(new OutboundAllowList(List.of("127.0.0.1")), HostResolver.SYSTEM),
          1024 * 1024);

  private static SimilarityScorer create(QualityProperties properties) {
    return QualityScorerConfiguration.create(properties, ALLOWING);
  }

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
    assertThat(create(settings("text", "anthropic", "")).name()).isEqualTo("text");
    assertThat(create(settings("exact", "anthropic", "")).name()).isEqualTo("exact");
    assertThat(create(settings("LLM-JUDGE", "anthropic", "k")).name()).isEqualTo("llm-judge");
    assertThat(create(settings("llm-judge", "openai", "")).name()).isEqualTo("llm-judge");
    assertThat(create(settings("embeddings", "anthropic", "")).name()).isEqualTo("embeddings");
  }

  @Test
  void refusesToStartWithAnUnusableChoice() {
    assertThatThrownBy(() -> create(settings("bleu", "anthropic", "")))
        .hasMessageContaining("lumina.quality.scorer");
    assertThatThrownBy(() -> create(settings("llm-judge", "anthropic", "")))
        .hasMessageContaining("lumina.quality.judge.api-key");
    assertThatThrownBy(() -> create(settings("llm-judge", "gemini", "k")))
        .hasMessageContaining("lumina.quality.judge.protocol");
  }

  @ParameterizedTest
  @ValueSource(strings = {"llm-judge", "embeddings"})
  void refusesToStartWithARemoteScorerOnAnAddressThePolicyRefuses(String scorer) {
    OutboundHttpClient strict = new OutboundHttpClient(OutboundPolicy.strict(), 1024);
    assertThatThrownBy(
            () -> QualityScorerConfiguration.create(settings(scorer, "openai", "k"), strict))
        .hasMessageContaining("base-url")
        .hasMessageContaining("loopback")
        .hasMessageContaining("lumina.outbound.allow");
  }
}
