package io.lumina.conventions;

import static io.lumina.conventions.Otlp.array;
import static io.lumina.conventions.Otlp.attr;
import static io.lumina.conventions.Otlp.resource;
import static io.lumina.conventions.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.NormalizedSpan;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.lumina.model.UsageRole;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

/**
 * Vercel AI SDK telemetry (experimental_telemetry), v4 and v5 attribute names; v6 is replayed from
 * recordings.
 */
class VercelAiConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  /** AI SDK 4: the ai.generateText.doGenerate span of an OpenAI call. */
  @Test
  void v4DoGenerateSpan() {
    Span s =
        span(
                "ai.generateText.doGenerate",
                attr("operation.name", "ai.generateText.doGenerate support-bot"),
                attr("ai.operationId", "ai.generateText.doGenerate"),
                attr("ai.model.provider", "openai.chat"),
                attr("ai.model.id", "gpt-4o"),
                attr("ai.settings.maxRetries", 2),
                attr("ai.settings.temperature", 0.3),
                attr("ai.settings.maxTokens", 800),
                attr("ai.telemetry.functionId", "support-bot"),
                attr("ai.telemetry.metadata.userId", "cust-17"),
                attr("ai.telemetry.metadata.sessionId", "chat-88"),
                attr("ai.prompt.format", "messages"),
                attr(
                    "ai.prompt.messages",
                    "[{\"role\":\"system\",\"content\":\"You are support.\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"My order is late.\"}]}]"),
                attr("ai.response.text", "Sorry to hear that. Let me check."),
                attr("ai.response.finishReason", "stop"),
                attr("ai.response.model", "gpt-4o-2024-08-06"),
                attr("ai.response.id", "chatcmpl-A1"),
                attr("ai.usage.promptTokens", 42),
                attr("ai.usage.completionTokens", 11),
                attr("gen_ai.system", "openai.chat"),
                attr("gen_ai.request.model", "gpt-4o"),
                attr("gen_ai.response.model", "gpt-4o-2024-08-06"),
                attr("gen_ai.usage.input_tokens", 42),
                attr("gen_ai.usage.output_tokens", 11),
                attr("gen_ai.response.finish_reasons", array("stop")))
            .build();

    NormalizedSpan n = normalizer.normalize(resource(attr("service.name", "next-app")), s);

    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                "gpt-4o-2024-08-06",
                "openai",
                new TokenUsage(42L, 11L, null, null, null, null),
                "My order is late.",
                "Sorry to hear that. Let me check.",
                "[{\"role\":\"system\",\"content\":\"You are support.\"},{\"role\":\"user\",\"content\":\"My order is late.\"}]",
                "You are support.",
                "cust-17",
                "chat-88",
                SpanStatus.OK,
                null,
                null,
                null,
                0.3,
                800L));
  }

  /**
   * AI SDK 5 with Anthropic: inputTokens is Anthropic's raw input_tokens, which excludes cache
   * reads, so the normalizer adds the cached tokens back (input always includes cached tokens in
   * Lumina). The top-level span repeats its steps' usage: an aggregate, not counted.
   */
  @Test
  void v5AnthropicTopLevelSpanAddsCachedTokensToInput() {
    Span s =
        span(
                "ai.generateText",
                attr("ai.operationId", "ai.generateText"),
                attr("ai.model.provider", "anthropic.messages"),
                attr("ai.model.id", "claude-haiku-4-5"),
                attr(
                    "ai.prompt",
                    "{\"system\":\"Classify the ticket.\",\"prompt\":\"Printer on fire\"}"),
                attr("ai.response.text", "urgent"),
                attr("ai.settings.maxOutputTokens", 16),
                attr("ai.usage.inputTokens", 300),
                attr("ai.usage.outputTokens", 3),
                attr("ai.usage.totalTokens", 303),
                attr("ai.usage.cachedInputTokens", 2700),
                attr("ai.usage.reasoningTokens", 0))
            .build();

    NormalizedSpan n = normalizer.normalize(null, s);

    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                "claude-haiku-4-5",
                "anthropic",
                new TokenUsage(3000L, 3L, 303L, 2700L, null, 0L),
                "Printer on fire",
                "urgent",
                "[{\"role\":\"system\",\"content\":\"Classify the ticket.\"},"
                    + "{\"role\":\"user\",\"content\":\"Printer on fire\"}]",
                "Classify the ticket.",
                null,
                null,
                SpanStatus.OK,
                null,
                null,
                null,
                null,
                16L,
                UsageRole.AGGREGATE));
  }

  @Test
  void vertexAndBedrockProviderSpellings() {
    assertThat(
            normalizer
                .normalize(
                    null,
                    span(
                            "x",
                            attr("ai.model.provider", "google.vertex.chat"),
                            attr("ai.model.id", "gemini-2.5-pro"))
                        .build())
                .provider())
        .isEqualTo("gcp.vertex_ai");
    assertThat(
            normalizer
                .normalize(
                    null,
                    span(
                            "x",
                            attr("ai.model.provider", "amazon-bedrock"),
                            attr("ai.model.id", "us.anthropic.claude-sonnet-4-20250514-v1:0"))
                        .build())
                .provider())
        .isEqualTo("aws.bedrock");
    assertThat(
            normalizer
                .normalize(
                    null,
                    span(
                            "x",
                            attr("ai.model.provider", "google.generative-ai"),
                            attr("ai.model.id", "gemini-2.0-flash"))
                        .build())
                .provider())
        .isEqualTo("google");
  }
}
