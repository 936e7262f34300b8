package io.lumina.conventions;

import static io.lumina.conventions.Otlp.array;
import static io.lumina.conventions.Otlp.attr;
import static io.lumina.conventions.Otlp.event;
import static io.lumina.conventions.Otlp.kvlist;
import static io.lumina.conventions.Otlp.service;
import static io.lumina.conventions.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.NormalizedSpan;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

/** OTel GenAI semantic conventions, current (1.37+) and deprecated generations. */
class OtelGenAiConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  /** As opentelemetry-instrumentation-openai-v2 / the Java agent emit a chat call today. */
  @Test
  void currentSemconvWithJsonMessages() {
    Span s =
        span(
                "chat gpt-5",
                attr("gen_ai.operation.name", "chat"),
                attr("gen_ai.provider.name", "openai"),
                attr("gen_ai.request.model", "gpt-5"),
                attr("gen_ai.response.model", "gpt-5-2025-08-07"),
                attr("gen_ai.response.id", "chatcmpl-CDa1x"),
                attr("gen_ai.response.finish_reasons", array("stop")),
                attr("gen_ai.request.temperature", 0.2),
                attr("gen_ai.request.max_tokens", 512),
                attr("gen_ai.usage.input_tokens", 1200),
                attr("gen_ai.usage.output_tokens", 300),
                attr("gen_ai.usage.cache_read.input_tokens", 1024),
                attr("gen_ai.usage.reasoning.output_tokens", 128),
                attr("gen_ai.conversation.id", "conv_5j66UpCpwteGg4YSxUnt7lPY"),
                attr("enduser.id", "user-42"),
                attr(
                    "gen_ai.system_instructions",
                    "[{\"type\":\"text\",\"content\":\"You are a travel assistant.\"}]"),
                attr(
                    "gen_ai.input.messages",
                    """
            [{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},
             {"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]},
             {"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":"sunny, 24C"}]},
             {"role":"user","parts":[{"type":"text","content":"And tomorrow?"}]}]"""),
                attr(
                    "gen_ai.output.messages",
                    "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Sunny again.\"}],\"finish_reason\":\"stop\"}]"),
                attr("server.address", "api.openai.com"))
            .build();

    NormalizedSpan n = normalizer.normalize(service("travel-bot"), s);

    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                "gpt-5-2025-08-07",
                "openai",
                new TokenUsage(1200L, 300L, null, 1024L, null, 128L),
                "Weather in Paris?\n\nAnd tomorrow?",
                "Sunny again.",
                "[{\"role\":\"system\",\"content\":\"You are a travel assistant.\"},"
                    + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},{\"role\":\"assistant\",\"content\":null},"
                    + "{\"role\":\"tool\",\"content\":null},{\"role\":\"user\",\"content\":\"And tomorrow?\"}]",
                "You are a travel assistant.",
                "user-42",
                "conv_5j66UpCpwteGg4YSxUnt7lPY",
                SpanStatus.OK,
                null,
                null,
                null,
                0.2,
                512L));
  }

  /**
   * The same messages recorded as structured attributes (array of kvlists) rather than JSON
   * strings.
   */
  @Test
  void currentSemconvWithStructuredMessages() {
    Span s =
        span(
                "chat claude",
                attr("gen_ai.provider.name", "anthropic"),
                attr("gen_ai.request.model", "claude-sonnet-4-20250514"),
                attr("gen_ai.usage.input_tokens", 5000L),
                attr("gen_ai.usage.output_tokens", 200L),
                attr("gen_ai.usage.cache_read.input_tokens", 4000L),
                attr("gen_ai.usage.cache_creation.input_tokens", 500L),
                attr(
                    "gen_ai.input.messages",
                    array(
                        kvlist(
                            attr("role", "user"),
                            attr(
                                "parts",
                                array(
                                    kvlist(
                                        attr("type", "text"),
                                        attr("content", "Summarise the contract."))))))),
                attr(
                    "gen_ai.output.messages",
                    array(
                        kvlist(
                            attr("role", "assistant"),
                            attr(
                                "parts",
                                array(
                                    kvlist(
                                        attr("type", "text"), attr("content", "It is a lease.")))),
                            attr("finish_reason", "end_turn")))))
            .build();

    NormalizedSpan n = normalizer.normalize(service("legal"), s);

    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                "claude-sonnet-4-20250514",
                "anthropic",
                new TokenUsage(5000L, 200L, null, 4000L, 500L, null),
                "Summarise the contract.",
                "It is a lease.",
                "[{\"role\":\"user\",\"content\":\"Summarise the contract.\"}]",
                null,
                null,
                null,
                SpanStatus.OK,
                null,
                null,
                null,
                null,
                null));
  }

  /** Semconv 1.26-1.27: deprecated token names and the gen_ai.content.prompt/completion events. */
  @Test
  void deprecatedSemconvWithContentEvents() {
    Span s =
        span(
                "chat gpt-4o-mini",
                attr("gen_ai.system", "openai"),
                attr("gen_ai.request.model", "gpt-4o-mini"),
                attr("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
                attr("gen_ai.usage.prompt_tokens", 57),
                attr("gen_ai.usage.completion_tokens", 12),
                attr("gen_ai.request.temperature", 1.0),
                attr("gen_ai.request.max_tokens", 100))
            .addEvents(
                event(
                    "gen_ai.content.prompt",
                    attr(
                        "gen_ai.prompt",
                        "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Capital of France?\"}]")))
            .addEvents(
                event(
                    "gen_ai.content.completion",
                    attr("gen_ai.completion", "[{\"role\":\"assistant\",\"content\":\"Paris.\"}]")))
            .build();

    NormalizedSpan n = normalizer.normalize(service("geo"), s);

    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                "gpt-4o-mini-2024-07-18",
                "openai",
                new TokenUsage(57L, 12L, null, null, null, null),
                "Capital of France?",
                "Paris.",
                "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Capital of France?\"}]",
                "Be brief.",
                null,
                null,
                SpanStatus.OK,
                null,
                null,
                null,
                1.0,
                100L));
  }

  /**
   * Semconv 1.28-1.36: one event per message (gen_ai.*.message, gen_ai.choice), plus an exception.
   */
  @Test
  void deprecatedSemconvWithMessageEventsAndException() {
    Span s =
        Otlp.error(
                span(
                    "chat gemini-1.5-pro",
                    attr("gen_ai.system", "vertex_ai"),
                    attr("gen_ai.request.model", "gemini-1.5-pro-002"),
                    attr("gen_ai.usage.input_tokens", "812"),
                    attr("gen_ai.usage.output_tokens", "64")))
            .addEvents(
                event(
                    "gen_ai.system.message",
                    attr("gen_ai.system", "vertex_ai"),
                    attr("content", "You are a poet.")))
            .addEvents(
                event(
                    "gen_ai.user.message",
                    attr("gen_ai.system", "vertex_ai"),
                    attr("content", "A haiku on rain.")))
            .addEvents(event("gen_ai.assistant.message", attr("content", "Soft rain on the roof")))
            .addEvents(event("gen_ai.user.message", attr("content", "Another one.")))
            .addEvents(
                event(
                    "gen_ai.choice",
                    attr("index", 0),
                    attr("finish_reason", "STOP"),
                    attr(
                        "message",
                        kvlist(
                            attr("role", "model"), attr("content", "Grey clouds, wet stones.")))))
            .addEvents(
                event(
                    "exception",
                    attr("exception.type", "google.api_core.exceptions.DeadlineExceeded"),
                    attr("exception.message", "504 Deadline Exceeded")))
            .build();

    NormalizedSpan n = normalizer.normalize(service("poems"), s);

    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                "gemini-1.5-pro-002",
                "gcp.vertex_ai",
                new TokenUsage(812L, 64L, null, null, null, null),
                "A haiku on rain.\n\nSoft rain on the roof\n\nAnother one.",
                "Grey clouds, wet stones.",
                "[{\"role\":\"system\",\"content\":\"You are a poet.\"},{\"role\":\"user\",\"content\":\"A haiku on rain.\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Soft rain on the roof\"},{\"role\":\"user\",\"content\":\"Another one.\"}]",
                "You are a poet.",
                null,
                null,
                SpanStatus.ERROR,
                null,
                null,
                null,
                null,
                null));
  }

  @Test
  void exceptionEventAloneMakesAnError() {
    Span s =
        span("chat", attr("gen_ai.request.model", "gpt-4o"))
            .addEvents(event("exception", attr("exception.type", "openai.RateLimitError")))
            .build();
    assertThat(normalizer.normalize(null, s).status()).isEqualTo(SpanStatus.ERROR);
  }
}
