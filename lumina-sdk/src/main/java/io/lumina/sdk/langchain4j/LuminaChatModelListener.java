package io.lumina.sdk.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.lumina.sdk.Lumina;
import io.lumina.sdk.StartedLlmSpan;
import io.lumina.sdk.TraceOptions;
import java.util.Locale;
import java.util.Objects;

/**
 * Records every call of a LangChain4j chat model as a Lumina LLM span: model, provider, messages,
 * response, token usage (so Lumina prices it), errors. Register it on the model:
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *     ...
 *     .listeners(List.of(new LuminaChatModelListener(lumina)))
 *     .build();
 * }</pre>
 *
 * The span's parent is the span current when the call starts (a {@link Lumina#span} around it, for
 * instance). The span is kept in LangChain4j's per-request attributes, not in a thread-local, so
 * the response may arrive on another thread.
 */
public final class LuminaChatModelListener implements ChatModelListener {

  // the key of our span in LangChain4j's per-request attribute map
  private static final Object SPAN = new Object();

  private final Lumina lumina;

  public LuminaChatModelListener(Lumina lumina) {
    this.lumina = Objects.requireNonNull(lumina, "lumina");
  }

  @Override
  public void onRequest(ChatModelRequestContext context) {
    ChatRequest request = context.chatRequest();
    String model = request.modelName();
    StartedLlmSpan span =
        lumina.startLlmSpan(
            TraceOptions.builder()
                .model(model)
                .provider(provider(context.modelProvider()))
                .build());
    for (ChatMessage message : request.messages()) {
      span.message(role(message), text(message));
    }
    context.attributes().put(SPAN, span);
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    Object span = context.attributes().remove(SPAN);
    if (span instanceof StartedLlmSpan) {
      StartedLlmSpan s = (StartedLlmSpan) span;
      s.result(context.chatResponse());
      s.end();
    }
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    Object span = context.attributes().remove(SPAN);
    if (span instanceof StartedLlmSpan) {
      ((StartedLlmSpan) span).end(context.error());
    }
  }

  /** LangChain4j's provider as the OpenTelemetry GenAI conventions name it. */
  static String provider(ModelProvider provider) {
    if (provider == null) {
      return null;
    }
    switch (provider) {
      case OPEN_AI:
        return "openai";
      case AZURE_OPEN_AI:
        return "azure.ai.openai";
      case ANTHROPIC:
        return "anthropic";
      case AMAZON_BEDROCK:
        return "aws.bedrock";
      case GOOGLE_AI_GEMINI:
        return "gcp.gemini";
      case GOOGLE_VERTEX_AI_GEMINI:
      case GOOGLE_VERTEX_AI_ANTHROPIC:
        return "gcp.vertex_ai";
      case MISTRAL_AI:
        return "mistral_ai";
      case WATSONX:
        return "ibm.watsonx.ai";
      default:
        return provider.name().toLowerCase(Locale.ROOT);
    }
  }

  private static String role(ChatMessage message) {
    if (message instanceof SystemMessage) {
      return "system";
    }
    if (message instanceof AiMessage) {
      return "assistant";
    }
    if (message instanceof ToolExecutionResultMessage) {
      return "tool";
    }
    return "user";
  }

  private static String text(ChatMessage message) {
    if (message instanceof UserMessage) {
      UserMessage user = (UserMessage) message;
      return user.hasSingleText() ? user.singleText() : user.toString();
    }
    if (message instanceof SystemMessage) {
      return ((SystemMessage) message).text();
    }
    if (message instanceof AiMessage) {
      return ((AiMessage) message).text();
    }
    if (message instanceof ToolExecutionResultMessage) {
      return ((ToolExecutionResultMessage) message).text();
    }
    return message.toString();
  }
}
