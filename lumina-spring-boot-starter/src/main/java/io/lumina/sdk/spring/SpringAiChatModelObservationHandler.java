package io.lumina.sdk.spring;

import io.lumina.sdk.Lumina;
import io.lumina.sdk.StartedLlmSpan;
import io.lumina.sdk.StartedSpan;
import io.lumina.sdk.TraceOptions;
import io.micrometer.observation.Observation;
import java.util.Locale;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Every Spring AI chat model call (what ChatClient and direct {@code ChatModel} calls observe)
 * becomes a Lumina LLM span: provider, requested and answering model, messages, response, token
 * usage — so Lumina prices it — and errors.
 */
final class SpringAiChatModelObservationHandler
    extends SpanObservationHandler<ChatModelObservationContext> {

  private final Lumina lumina;

  SpringAiChatModelObservationHandler(Lumina lumina) {
    this.lumina = lumina;
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof ChatModelObservationContext;
  }

  @Override
  public void onStart(ChatModelObservationContext context) {
    Prompt prompt = context.getRequest();
    ChatOptions options = prompt == null ? null : prompt.getOptions();
    TraceOptions trace =
        TraceOptions.builder()
            .model(options == null ? null : options.getModel())
            .provider(context.getOperationMetadata().provider())
            .build();
    StartedLlmSpan span = lumina.startLlmSpan(trace, ObservedSpans.parentOf(context));
    if (prompt != null) {
      for (Message message : prompt.getInstructions()) {
        span.message(message.getMessageType().name().toLowerCase(Locale.ROOT), message.getText());
      }
    }
    ObservedSpans.keep(context, span);
  }

  @Override
  void beforeEnd(ChatModelObservationContext context, StartedSpan span) {
    if (span instanceof StartedLlmSpan) {
      ((StartedLlmSpan) span).result(context.getResponse());
    }
  }
}
