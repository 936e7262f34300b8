package io.lumina.conventions;

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
 * Traceloop OpenLLMetry: indexed gen_ai.prompt.N keys, llm.usage.*, traceloop.* association
 * properties.
 */
class OpenLlmetryConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  /** opentelemetry-instrumentation-anthropic (Traceloop) with prompt caching. */
  @Test
  void anthropicChatSpan() {
    Span s =
        span(
                "anthropic.chat",
                attr("llm.request.type", "chat"),
                attr("gen_ai.system", "Anthropic"),
                attr("gen_ai.request.model", "claude-3-7-sonnet-latest"),
                attr("gen_ai.response.model", "claude-3-7-sonnet-20250219"),
                attr("gen_ai.request.max_tokens", 2048),
                attr("gen_ai.request.temperature", 0.0),
                attr("gen_ai.prompt.0.role", "system"),
                attr("gen_ai.prompt.0.content", "You review pull requests."),
                attr("gen_ai.prompt.1.role", "user"),
                attr(
                    "gen_ai.prompt.1.content",
                    "[{\"type\": \"text\", \"text\": \"Review this diff.\"}]"),
                attr("gen_ai.completion.0.role", "assistant"),
                attr("gen_ai.completion.0.content", "Looks good, one nit."),
                attr("gen_ai.completion.0.finish_reason", "end_turn"),
                attr("gen_ai.usage.prompt_tokens", 12000),
                attr("gen_ai.usage.completion_tokens", 420),
                attr("llm.usage.total_tokens", 12420),
                attr("gen_ai.usage.cache_read_input_tokens", 10000),
                attr("gen_ai.usage.cache_creation_input_tokens", 1500),
                attr("traceloop.association.properties.user_id", "dev-7"),
                attr("traceloop.association.properties.session_id", "pr-1234"),
                attr("traceloop.workflow.name", "review"))
            .build();

    NormalizedSpan n = normalizer.normalize(resource(attr("service.name", "reviewer")), s);

    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                "claude-3-7-sonnet-20250219",
                "anthropic",
                new TokenUsage(12000L, 420L, 12420L, 10000L, 1500L, null),
                "Review this diff.",
                "Looks good, one nit.",
                "[{\"role\":\"system\",\"content\":\"You review pull requests.\"},{\"role\":\"user\",\"content\":\"Review this diff.\"}]",
                "You review pull requests.",
                "dev-7",
                "pr-1234",
                SpanStatus.OK,
                null,
                null,
                null,
                0.0,
                2048L));
  }

  /**
   * Older OpenLLMetry names (llm.request.model, llm.usage.*) and a workflow span's entity
   * input/output.
   */
  @Test
  void legacyNamesAndEntityValues() {
    Span s =
        span(
                "joke_generator.workflow",
                attr("traceloop.span.kind", "workflow"),
                attr("traceloop.entity.name", "joke_generator"),
                attr(
                    "traceloop.entity.input",
                    "{\"inputs\": {\"topic\": \"opentelemetry\"}, \"tags\": [], \"metadata\": {}}"),
                attr("traceloop.entity.output", "Why did the span cross the road?"),
                attr("llm.vendor", "OpenAI"),
                attr("llm.request.model", "gpt-3.5-turbo"),
                attr("llm.response.model", "gpt-3.5-turbo-0125"),
                attr("llm.usage.prompt_tokens", 25),
                attr("llm.usage.completion_tokens", 9),
                attr("llm.usage.total_tokens", 34),
                attr("traceloop.association.properties.userId", "u1"),
                attr("traceloop.association.properties.sessionId", "s1"))
            .build();

    NormalizedSpan n = normalizer.normalize(null, s);

    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                "gpt-3.5-turbo-0125",
                null,
                new TokenUsage(25L, 9L, 34L, null, null, null),
                "{\"inputs\": {\"topic\": \"opentelemetry\"}, \"tags\": [], \"metadata\": {}}",
                "Why did the span cross the road?",
                null,
                null,
                "u1",
                "s1",
                SpanStatus.OK,
                null,
                null,
                null,
                null,
                null,
                UsageRole.AGGREGATE));
  }

  /** A decorated function's text arguments are its input; no arguments at all say nothing. */
  @Test
  void entityArgumentsAreReadAndEmptyOnesIgnored() {
    NormalizedSpan withArgs =
        normalizer.normalize(
            null,
            span(
                    "answer.task",
                    attr("traceloop.span.kind", "task"),
                    attr(
                        "traceloop.entity.input",
                        "{\"args\": [\"How do I reset my password?\"], \"kwargs\": {}}"))
                .build());
    NormalizedSpan empty =
        normalizer.normalize(
            null,
            span(
                    "answer.task",
                    attr("traceloop.entity.input", "{\"args\": [], \"kwargs\": {}}"),
                    attr("prompt", "fallback"))
                .build());

    assertThat(withArgs.prompt()).isEqualTo("How do I reset my password?");
    assertThat(empty.prompt()).as("an empty payload lets the next key apply").isEqualTo("fallback");
  }
}
