package io.lumina.conventions;

import static io.lumina.conventions.Otlp.attr;
import static io.lumina.conventions.Otlp.resource;
import static io.lumina.conventions.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.UsageRole;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The usage role markers of {@link AttributeMapping#ROLE_RULES}, one span at a time. */
class UsageRoleTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  private UsageRole role(KeyValue... attributes) {
    return normalizer.normalize(null, span("s", attributes).build()).usageRole();
  }

  @ParameterizedTest
  @CsvSource({
    "ai.operationId, ai.generateText, AGGREGATE",
    "ai.operationId, ai.streamObject, AGGREGATE",
    "ai.operationId, ai.embedMany, AGGREGATE",
    "ai.operationId, ai.generateText.doGenerate, CALL",
    "ai.operationId, ai.embed.doEmbed, CALL",
    "openinference.span.kind, LLM, CALL",
    "openinference.span.kind, EMBEDDING, CALL",
    "openinference.span.kind, CHAIN, AGGREGATE",
    "openinference.span.kind, AGENT, AGGREGATE",
    "openinference.span.kind, TOOL, AGGREGATE",
    "traceloop.span.kind, workflow, AGGREGATE",
    "traceloop.span.kind, task, AGGREGATE",
    "traceloop.span.kind, agent, AGGREGATE",
    "openinference.span.kind, SOMETHING_NEW, CALL",
  })
  void markerDecidesForASpanWithUsage(String key, String value, UsageRole expected) {
    assertThat(
            role(
                attr(key, value),
                attr("gen_ai.request.model", "gpt-4o"),
                attr("gen_ai.usage.input_tokens", 10)))
        .isEqualTo(expected);
  }

  @Test
  void aSpanWithoutUsageIsNoneWhateverItsMarker() {
    assertThat(role(attr("openinference.span.kind", "AGENT"))).isEqualTo(UsageRole.NONE);
    assertThat(role(attr("ai.operationId", "ai.generateText.doGenerate")))
        .isEqualTo(UsageRole.NONE);
  }

  @Test
  void unmarkedSpanWithUsageIsACall() {
    assertThat(role(attr("model", "gpt-4o"), attr("prompt_tokens", 3))).isEqualTo(UsageRole.CALL);
    assertThat(role(attr("cost_usd", 0.02)))
        .as("a declared cost is usage")
        .isEqualTo(UsageRole.CALL);
  }

  @Test
  void aggregateWinsWhenMarkersDisagree() {
    assertThat(
            role(
                attr("openinference.span.kind", "LLM"),
                attr("traceloop.span.kind", "workflow"),
                attr("gen_ai.usage.input_tokens", 10)))
        .isEqualTo(UsageRole.AGGREGATE);
  }

  @Test
  void aMarkerOnTheResourceSaysNothingAboutOneSpan() {
    var n =
        normalizer.normalize(
            resource(attr("openinference.span.kind", "AGENT")),
            span("s", attr("gen_ai.usage.input_tokens", 10)).build());

    assertThat(n.usageRole()).isEqualTo(UsageRole.CALL);
  }
}
