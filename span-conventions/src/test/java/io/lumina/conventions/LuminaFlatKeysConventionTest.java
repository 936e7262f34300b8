package io.lumina.conventions;

import static io.lumina.conventions.Otlp.attr;
import static io.lumina.conventions.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.NormalizedSpan;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

/** Lumina's own flat keys, as the Lumina SDK sets them. */
class LuminaFlatKeysConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  @Test
  void flatKeysWithCustomPrices() {
    Span s =
        span(
                "llm-call",
                attr("model", "claude-3-sonnet"),
                attr("provider", "Anthropic"),
                attr("prompt_tokens", 120),
                attr("completion_tokens", 80),
                attr("cost_per_prompt_token", 0.000003),
                attr("cost_per_completion_token", "0.000015"),
                attr("prompt", "Summarize this document"),
                attr("response", "The document says..."),
                attr("userId", "user-123"),
                attr("sessionId", "session-456"),
                attr("temperature", "0.5"),
                attr("max_tokens", 256.0))
            .build();

    assertThat(normalizer.normalize(null, s))
        .isEqualTo(
            new NormalizedSpan(
                "claude-3-sonnet",
                "anthropic",
                new TokenUsage(120L, 80L, null, null, null, null),
                "Summarize this document",
                "The document says...",
                null,
                null,
                "user-123",
                "session-456",
                SpanStatus.OK,
                null,
                0.000003,
                0.000015,
                0.5,
                256L));
  }

  @Test
  void flatKeysWithOwnCostAndDegradedStatus() {
    Span s =
        span(
                "llm-call",
                attr("model", "my-finetune"),
                attr("prompt_tokens", "10"),
                attr("completion_tokens", "5.0"),
                attr("cost_usd", 0.0042),
                attr("user_id", "u"),
                attr("session_id", "s"),
                attr("status", "degraded"))
            .build();

    assertThat(normalizer.normalize(null, s))
        .isEqualTo(
            new NormalizedSpan(
                "my-finetune",
                null,
                new TokenUsage(10L, 5L, null, null, null, null),
                null,
                null,
                null,
                null,
                "u",
                "s",
                SpanStatus.DEGRADED,
                0.0042,
                null,
                null,
                null,
                null));
  }

  @Test
  void luminaStatusDegraded() {
    Span s =
        span("x", attr("gen_ai.request.model", "gpt-4o"), attr("lumina.status", "DEGRADED"))
            .build();
    assertThat(normalizer.normalize(null, s).status()).isEqualTo(SpanStatus.DEGRADED);
  }
}
