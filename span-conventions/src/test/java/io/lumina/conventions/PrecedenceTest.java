package io.lumina.conventions;

import static io.lumina.conventions.Otlp.attr;
import static io.lumina.conventions.Otlp.event;
import static io.lumina.conventions.Otlp.resource;
import static io.lumina.conventions.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.NormalizedSpan;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class PrecedenceTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  @Test
  void resourceAttributesCountButSpanAttributesWin() {
    var res =
        resource(
            attr("service.name", "svc"),
            attr("gen_ai.provider.name", "azure.ai.openai"),
            attr("gen_ai.response.model", "gpt-4o"),
            attr("user.id", "resource-user"),
            attr("session.id", "resource-session"));
    Span s =
        span(
                "chat",
                attr(
                    "model",
                    "gpt-4.1-mini"), // the weakest model key on the span still beats the resource
                attr("user_id", "span-user"),
                attr("gen_ai.usage.input_tokens", 1))
            .build();

    NormalizedSpan n = normalizer.normalize(res, s);

    assertThat(n.model()).isEqualTo("gpt-4.1-mini");
    assertThat(n.userId()).isEqualTo("span-user");
    assertThat(n.provider()).isEqualTo("azure.ai.openai"); // only the resource says it
    assertThat(n.sessionId()).isEqualTo("resource-session");
  }

  @Test
  void responseModelBeforeRequestModelWhateverTheOrder() {
    Span s =
        span(
                "chat",
                attr("gen_ai.request.model", "gpt-4o"),
                attr("llm.model_name", "gpt-4o-openinference"),
                attr("gen_ai.response.model", "gpt-4o-2024-11-20"))
            .build();
    assertThat(normalizer.normalize(null, s).model()).isEqualTo("gpt-4o-2024-11-20");

    Span requestOnly =
        span("chat", attr("ai.model.id", "x"), attr("gen_ai.request.model", "gpt-4o")).build();
    assertThat(normalizer.normalize(null, requestOnly).model()).isEqualTo("gpt-4o");
  }

  @Test
  void spanAttributesBeatEventsWhichBeatResource() {
    Span s =
        span(
                "chat",
                attr(
                    "gen_ai.input.messages",
                    "[{\"role\":\"user\",\"content\":\"from attribute\"}]"))
            .addEvents(event("gen_ai.user.message", attr("content", "from event")))
            .build();
    assertThat(normalizer.normalize(null, s).prompt()).isEqualTo("from attribute");

    Span eventsOnly =
        span("chat").addEvents(event("gen_ai.user.message", attr("content", "from event"))).build();
    assertThat(normalizer.normalize(resource(attr("prompt", "from resource")), eventsOnly).prompt())
        .isEqualTo("from event");
  }

  @Test
  void numbersArriveAsIntDoubleOrString() {
    Span s =
        span(
                "chat",
                attr("gen_ai.usage.input_tokens", "1500"),
                attr("gen_ai.usage.output_tokens", 20.0),
                attr("gen_ai.usage.cache_read.input_tokens", " 1024 "),
                attr("gen_ai.usage.reasoning.output_tokens", "12.0"),
                attr("gen_ai.request.temperature", "0.9"),
                attr("gen_ai.request.max_tokens", "64"),
                attr("cost_usd", "0.25"))
            .build();

    NormalizedSpan n = normalizer.normalize(null, s);

    assertThat(n.tokens()).isEqualTo(new TokenUsage(1500L, 20L, null, 1024L, null, 12L));
    assertThat(n.temperature()).isEqualTo(0.9);
    assertThat(n.maxTokens()).isEqualTo(64L);
    assertThat(n.declaredCostUsd()).isEqualTo(0.25);
  }

  @Test
  void unusableValuesFallThroughToTheNextKey() {
    Span s =
        span(
                "chat",
                attr("gen_ai.usage.input_tokens", "n/a"),
                attr("llm.token_count.prompt", 77),
                attr("gen_ai.usage.output_tokens", -3),
                attr("gen_ai.response.model", ""),
                attr("gen_ai.request.model", "gpt-4o"),
                attr("cost_usd", "NaN"))
            .build();

    NormalizedSpan n = normalizer.normalize(null, s);

    assertThat(n.tokens()).isEqualTo(new TokenUsage(77L, null, null, null, null, null));
    assertThat(n.model()).isEqualTo("gpt-4o");
    assertThat(n.declaredCostUsd()).isNull();
  }

  @Test
  void inputSmallerThanCacheCannotIncludeItAndOutputSmallerThanReasoningCannotIncludeIt() {
    Span s =
        span(
                "chat",
                attr("gen_ai.provider.name", "gcp.gemini"),
                attr("gen_ai.request.model", "gemini-2.5-flash"),
                attr("gen_ai.usage.input_tokens", 100),
                attr("gen_ai.usage.cache_read.input_tokens", 900),
                attr("gen_ai.usage.output_tokens", 50),
                attr("gen_ai.usage.reasoning.output_tokens", 400))
            .build();

    assertThat(normalizer.normalize(null, s).tokens())
        .isEqualTo(new TokenUsage(1000L, 450L, null, 900L, null, 400L));
  }

  @Test
  void otlpErrorBeatsDegraded() {
    Span s = Otlp.error(span("chat", attr("lumina.status", "degraded"))).build();
    assertThat(normalizer.normalize(null, s).status()).isEqualTo(SpanStatus.ERROR);
  }

  @Test
  void plainHttpSpanIsNotAnLlmCall() {
    Span s =
        span(
                "GET /health",
                attr("http.request.method", "GET"),
                attr("http.response.status_code", 200))
            .build();
    NormalizedSpan n = normalizer.normalize(resource(attr("service.name", "api")), s);
    assertThat(n.isLlmCall()).isFalse();
    assertThat(n)
        .isEqualTo(
            new NormalizedSpan(
                null,
                null,
                TokenUsage.NONE,
                null,
                null,
                null,
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

  @Test
  void everyRuleKeyIsUniqueAndIndexedKeysParse() {
    assertThat(AttributeMapping.RULES)
        .extracting(AttributeMapping.Rule::key)
        .doesNotHaveDuplicates();
    var rule = AttributeMapping.INDEXED_RULES.getFirst();
    assertThat(rule.indexIn("gen_ai.prompt.12.content")).isEqualTo(12);
    assertThat(rule.indexIn("gen_ai.prompt.x.content")).isEqualTo(-1);
    assertThat(rule.indexIn("gen_ai.prompt.1.contents")).isEqualTo(-1);
    assertThat(rule.indexIn("gen_ai.prompt")).isEqualTo(-1);
  }

  @Test
  void providerNamesAreCanonical() {
    assertThat(Providers.canonical("OpenAI")).isEqualTo("openai");
    assertThat(Providers.canonical("anthropic.messages")).isEqualTo("anthropic");
    assertThat(Providers.canonical("mistralai")).isEqualTo("mistral");
    assertThat(Providers.canonical("gcp.gemini")).isEqualTo("google");
    assertThat(Providers.canonical("aws")).isEqualTo("aws.bedrock");
    assertThat(Providers.canonical("vertexai")).isEqualTo("gcp.vertex_ai");
    assertThat(Providers.canonical("Some.New-Cloud")).isEqualTo("some.new-cloud");
  }
}
