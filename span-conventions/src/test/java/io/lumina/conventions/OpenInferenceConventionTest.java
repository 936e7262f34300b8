package io.lumina.conventions;

import static io.lumina.conventions.Otlp.attr;
import static io.lumina.conventions.Otlp.service;
import static io.lumina.conventions.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.NormalizedSpan;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

/** Arize OpenInference, as openinference-instrumentation-anthropic / -openai emit an LLM span. */
class OpenInferenceConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  @Test
  void anthropicLlmSpan() {
    Span s =
        span(
                "Messages",
                attr("openinference.span.kind", "LLM"),
                attr("llm.provider", "anthropic"),
                attr("llm.system", "anthropic"),
                attr("llm.model_name", "claude-3-5-sonnet-20241022"),
                attr("llm.invocation_parameters", "{\"max_tokens\": 1024, \"temperature\": 0.7}"),
                attr(
                    "input.value",
                    "{\"model\": \"claude-3-5-sonnet-20241022\", \"max_tokens\": 1024, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"What is OTLP?\"}]}"),
                attr("input.mime_type", "application/json"),
                attr("llm.input_messages.0.message.role", "system"),
                attr("llm.input_messages.0.message.content", "Answer in one sentence."),
                attr("llm.input_messages.1.message.role", "user"),
                attr("llm.input_messages.1.message.content", "What is OTLP?"),
                attr(
                    "output.value",
                    "{\"id\": \"msg_01\", \"type\": \"message\", \"role\": \"assistant\", "
                        + "\"content\": [{\"type\": \"text\", \"text\": \"The OpenTelemetry wire protocol.\"}]}"),
                attr("output.mime_type", "application/json"),
                attr("llm.output_messages.0.message.role", "assistant"),
                attr("llm.output_messages.0.message.content", "The OpenTelemetry wire protocol."),
                attr("llm.token_count.prompt", 2100),
                attr("llm.token_count.completion", 150),
                attr("llm.token_count.total", 2250),
                attr("llm.token_count.prompt_details.cache_read", 2000),
                attr("llm.token_count.prompt_details.cache_write", 50),
                attr("session.id", "sess-9"),
                attr("user.id", "alice"),
                attr("metadata", "{\"tenant\": \"acme\"}"))
            .build();

    NormalizedSpan n = normalizer.normalize(service("rag"), s);

    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                "claude-3-5-sonnet-20241022",
                "anthropic",
                new TokenUsage(2100L, 150L, 2250L, 2000L, 50L, null),
                "What is OTLP?",
                "The OpenTelemetry wire protocol.",
                "[{\"role\":\"system\",\"content\":\"Answer in one sentence.\"},{\"role\":\"user\",\"content\":\"What is OTLP?\"}]",
                "Answer in one sentence.",
                "alice",
                "sess-9",
                SpanStatus.OK,
                null,
                null,
                null,
                0.7,
                1024L));
  }

  /**
   * An OpenAI span with only input.value/output.value (message attributes hidden for privacy off).
   */
  @Test
  void openAiSpanWithValuesAndReasoning() {
    Span s =
        span(
                "ChatCompletion",
                attr("openinference.span.kind", "LLM"),
                attr("llm.provider", "openai"),
                attr("llm.system", "openai"),
                attr("llm.model_name", "o3-mini-2025-01-31"),
                attr(
                    "llm.invocation_parameters",
                    "{\"reasoning_effort\": \"high\", \"max_completion_tokens\": 4000}"),
                attr(
                    "input.value",
                    "{\"messages\": [{\"role\": \"user\", \"content\": \"Prove there are infinitely many primes.\"}], \"model\": \"o3-mini\"}"),
                attr("input.mime_type", "application/json"),
                attr(
                    "output.value",
                    "{\"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": \"Assume finitely many...\"}}]}"),
                attr("llm.token_count.prompt", 14),
                attr("llm.token_count.completion", 900),
                attr("llm.token_count.total", 914),
                attr("llm.token_count.completion_details.reasoning", 768))
            .build();

    NormalizedSpan n = normalizer.normalize(null, s);

    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                "o3-mini-2025-01-31",
                "openai",
                new TokenUsage(14L, 900L, 914L, null, null, 768L),
                "Prove there are infinitely many primes.",
                "Assume finitely many...",
                "[{\"role\":\"user\",\"content\":\"Prove there are infinitely many primes.\"}]",
                null,
                null,
                null,
                SpanStatus.OK,
                null,
                null,
                null,
                null,
                4000L));
  }
}
