package io.lumina.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceLlmTest {

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final Lumina lumina =
      Lumina.init(
          LuminaOptions.builder()
              .serviceName("chat-api")
              .exporter(exported)
              .shutdownHook(false)
              .build());

  @AfterEach
  void close() {
    lumina.close();
  }

  @Test
  void traceLlmRecordsTheCallWithGenAiAttributesAndMetadata() {
    String answer =
        lumina.traceLLM(
            span -> {
              span.prompt("What is the capital of France?").usage(120, 80).response("Paris.");
              return "Paris.";
            },
            TraceOptions.builder()
                .name("chat")
                .model("gpt-4o")
                .provider("openai")
                .metadata(
                    Map.of("userId", "u-1", "sessionId", "s-1", "intent", "support", "priority", 2))
                .build());

    assertThat(answer).isEqualTo("Paris.");
    SpanData span = only();
    assertThat(span.getName()).isEqualTo("chat");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name")))
        .isEqualTo("chat-api");
    assertThat(span.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("gen_ai.operation.name"), "chat")
        .containsEntry(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
        .containsEntry(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o")
        .containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 120L)
        .containsEntry(AttributeKey.longKey("gen_ai.usage.output_tokens"), 80L)
        .containsEntry(AttributeKey.stringKey("user.id"), "u-1")
        .containsEntry(AttributeKey.stringKey("session.id"), "s-1")
        .containsEntry(AttributeKey.stringKey("intent"), "support")
        .containsEntry(AttributeKey.longKey("priority"), 2L)
        .containsEntry(
            AttributeKey.stringKey("gen_ai.input.messages"),
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
                + "\"What is the capital of France?\"}]}]")
        .containsEntry(
            AttributeKey.stringKey("gen_ai.output.messages"),
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Paris.\"}]}]");
  }

  @Test
  void customPricesAreNumbersUnderTheServersKeysWhetherSetOnTheSpanOrInMetadata() {
    lumina.traceLLM(
        span -> span.costPerToken(0.000003, 0.000015).usage(1000, 200),
        TraceOptions.builder().model("my-model").build());
    lumina.traceLLM(
        () -> "ok",
        TraceOptions.builder()
            .model("my-model")
            .metadata(
                Map.of("cost_per_prompt_token", "0.000001", "cost_per_completion_token", 2e-6))
            .build());

    List<SpanData> spans = spans();
    assertThat(spans.get(0).getAttributes().get(AttributeKey.doubleKey("cost_per_prompt_token")))
        .isEqualTo(0.000003);
    assertThat(
            spans.get(0).getAttributes().get(AttributeKey.doubleKey("cost_per_completion_token")))
        .isEqualTo(0.000015);
    assertThat(spans.get(1).getAttributes().get(AttributeKey.doubleKey("cost_per_prompt_token")))
        .isEqualTo(0.000001);
    assertThat(
            spans.get(1).getAttributes().get(AttributeKey.doubleKey("cost_per_completion_token")))
        .isEqualTo(0.000002);
  }

  @Test
  void invalidPricesAreRefusedAtOnce() {
    assertThatThrownBy(
            () -> TraceOptions.builder().metadata("cost_per_prompt_token", "cheap").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cost_per_prompt_token");
    assertThatThrownBy(
            () -> lumina.traceLLM(span -> span.costPerToken(-1, 0), TraceOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anExceptionIsRecordedAndRethrownUnchanged() {
    IllegalStateException boom = new IllegalStateException("provider down");

    assertThatThrownBy(
            () ->
                lumina.traceLLM(
                    () -> {
                      throw boom;
                    },
                    TraceOptions.builder().model("gpt-4o").build()))
        .isSameAs(boom);

    SpanData span = only();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("provider down");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
  }

  @Test
  void aCheckedExceptionThrownSneakilyIsRethrownUnchangedToo() {
    Exception checked = new java.io.IOException("socket closed");
    assertThatThrownBy(() -> lumina.traceLLM(() -> sneaky(checked), TraceOptions.defaults()))
        .isSameAs(checked);
    assertThat(only().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void nestedSpansKeepTheirParent() {
    lumina.span(
        "rag_pipeline",
        () -> {
          lumina.span(
              "retrieval",
              () -> {
                lumina.span("embedding", () -> 1);
                return lumina.span("vector_search", () -> 2);
              });
          return lumina.traceLLM(
              span -> span.usage(10, 5), TraceOptions.builder().name("synthesis").build());
        });

    Map<String, SpanData> byName = new java.util.HashMap<>();
    spans().forEach(s -> byName.put(s.getName(), s));
    assertThat(byName).hasSize(5);
    SpanData root = byName.get("rag_pipeline");
    assertThat(root.getParentSpanContext().isValid()).isFalse();
    assertThat(byName.get("retrieval").getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(byName.get("synthesis").getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(byName.get("embedding").getParentSpanId())
        .isEqualTo(byName.get("retrieval").getSpanId());
    assertThat(byName.get("vector_search").getParentSpanId())
        .isEqualTo(byName.get("retrieval").getSpanId());
    assertThat(byName.values()).extracting(SpanData::getTraceId).containsOnly(root.getTraceId());
  }

  @Test
  void explicitFactsWinOverTheResultObject() {
    var response =
        new org.springframework.ai.chat.model.ChatResponse(
            List.of(
                new org.springframework.ai.chat.model.Generation(
                    new org.springframework.ai.chat.messages.AssistantMessage("from result"))),
            org.springframework.ai.chat.metadata.ChatResponseMetadata.builder()
                .model("gpt-4o-mini")
                .usage(new org.springframework.ai.chat.metadata.DefaultUsage(10, 5))
                .build());

    lumina.traceLLM(span -> span.usage(100, 50).model("gpt-4o"), TraceOptions.defaults());
    lumina.traceLLM(
        span -> {
          span.usage(7, 3);
          return response;
        },
        TraceOptions.defaults());

    List<SpanData> spans = spans();
    assertThat(spans.get(1).getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
        .isEqualTo(7L);
    assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("gen_ai.response.model")))
        .isEqualTo("gpt-4o-mini");
    assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")))
        .contains("from result");
  }

  @Test
  void withoutContentCapturePromptsAndResponsesStayOut() {
    InMemorySpanExporter out = InMemorySpanExporter.create();
    try (Lumina quiet =
        Lumina.init(
            LuminaOptions.builder()
                .serviceName("s")
                .exporter(out)
                .captureContent(false)
                .shutdownHook(false)
                .build())) {
      quiet.traceLLM(span -> span.prompt("secret").response("secret"), TraceOptions.defaults());
      quiet.flush();
      SpanData span = out.getFinishedSpanItems().get(0);
      assertThat(span.getAttributes().asMap().keySet())
          .extracting(AttributeKey::getKey)
          .doesNotContain("gen_ai.input.messages", "gen_ai.output.messages");
    }
  }

  private List<SpanData> spans() {
    assertThat(lumina.flush()).isTrue();
    return exported.getFinishedSpanItems();
  }

  private SpanData only() {
    assertThat(lumina.flush()).isTrue();
    assertThat(exported.getFinishedSpanItems()).hasSize(1);
    return exported.getFinishedSpanItems().get(0);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> String sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
