package io.lumina.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/** The real response classes of each library, read by reflection. */
class ResponseShapesTest {

  @Test
  void openAiChatCompletion() throws Exception {
    com.openai.models.chat.completions.ChatCompletion completion =
        com.openai.core.ObjectMappers.jsonMapper()
            .readValue(
                """
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1764237600,
                 "model": "gpt-4o-mini-2024-07-18",
                 "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                   "message": {"role": "assistant", "content": "Paris.", "refusal": null}}],
                 "usage": {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500,
                   "prompt_tokens_details": {"cached_tokens": 1000},
                   "completion_tokens_details": {"reasoning_tokens": 100}}}
                """,
                com.openai.models.chat.completions.ChatCompletion.class);

    ResponseShapes.Facts f = ResponseShapes.read(completion);

    assertThat(f.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(f.id()).isEqualTo("chatcmpl-1");
    assertThat(f.inputTokens()).isEqualTo(1200L);
    assertThat(f.outputTokens()).isEqualTo(300L);
    assertThat(f.cacheReadTokens()).isEqualTo(1000L);
    assertThat(f.reasoningTokens()).isEqualTo(100L);
    assertThat(f.text()).isEqualTo("Paris.");
    assertThat(f.finishReason()).isEqualTo("stop");
  }

  @Test
  void anthropicMessageCountsCachedTokensInTheInputAsTheConventionsDo() throws Exception {
    com.anthropic.models.messages.Message message =
        com.anthropic.core.ObjectMappers.jsonMapper()
            .readValue(
                """
                {"id": "msg_1", "type": "message", "role": "assistant",
                 "model": "claude-sonnet-4-5-20250929",
                 "content": [{"type": "text", "text": "Par", "citations": null},
                             {"type": "text", "text": "is.", "citations": null}],
                 "stop_reason": "end_turn", "stop_sequence": null,
                 "usage": {"input_tokens": 20, "output_tokens": 80,
                   "cache_read_input_tokens": 100, "cache_creation_input_tokens": 50}}
                """,
                com.anthropic.models.messages.Message.class);

    ResponseShapes.Facts f = ResponseShapes.read(message);

    assertThat(f.model()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(f.inputTokens()).isEqualTo(170L);
    assertThat(f.outputTokens()).isEqualTo(80L);
    assertThat(f.cacheReadTokens()).isEqualTo(100L);
    assertThat(f.cacheWriteTokens()).isEqualTo(50L);
    assertThat(f.text()).isEqualTo("Paris.");
    assertThat(f.finishReason()).isEqualTo("end_turn");
  }

  @Test
  void springAiChatResponse() {
    ChatResponse response =
        new ChatResponse(
            java.util.List.of(new Generation(new AssistantMessage("Paris."))),
            ChatResponseMetadata.builder()
                .id("r-1")
                .model("gpt-4o-mini")
                .usage(new DefaultUsage(1200, 300))
                .build());

    ResponseShapes.Facts f = ResponseShapes.read(response);

    assertThat(f.model()).isEqualTo("gpt-4o-mini");
    assertThat(f.id()).isEqualTo("r-1");
    assertThat(f.inputTokens()).isEqualTo(1200L);
    assertThat(f.outputTokens()).isEqualTo(300L);
    assertThat(f.text()).isEqualTo("Paris.");
  }

  @Test
  void springAiEmptyUsageIsNotZeroTokens() {
    ChatResponse response =
        new ChatResponse(
            java.util.List.of(new Generation(new AssistantMessage("hi"))),
            ChatResponseMetadata.builder().model("m").usage(new EmptyUsage()).build());

    ResponseShapes.Facts f = ResponseShapes.read(response);

    assertThat(f.inputTokens()).isNull();
    assertThat(f.outputTokens()).isNull();
  }

  @Test
  void langChain4jChatResponse() {
    dev.langchain4j.model.chat.response.ChatResponse response =
        dev.langchain4j.model.chat.response.ChatResponse.builder()
            .aiMessage(AiMessage.from("Paris."))
            .modelName("gpt-4o-mini")
            .id("lc-1")
            .tokenUsage(new TokenUsage(1200, 300))
            .finishReason(FinishReason.STOP)
            .build();

    ResponseShapes.Facts f = ResponseShapes.read(response);

    assertThat(f.model()).isEqualTo("gpt-4o-mini");
    assertThat(f.inputTokens()).isEqualTo(1200L);
    assertThat(f.outputTokens()).isEqualTo(300L);
    assertThat(f.text()).isEqualTo("Paris.");
    assertThat(f.finishReason()).isEqualTo("stop");
  }

  @Test
  void textIsTheResponseText() {
    assertThat(ResponseShapes.read("Paris.").text()).isEqualTo("Paris.");
    assertThat(ResponseShapes.read("")).isNull();
  }

  @Test
  void anythingElseGivesNothing() {
    assertThat(ResponseShapes.read(null)).isNull();
    assertThat(ResponseShapes.read(java.util.Map.of("model", "x"))).isNull();
  }
}
