package io.lumina.sdk.spring;

import io.lumina.sdk.Lumina;
import io.micrometer.observation.Observation;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/**
 * A ChatClient call becomes a span around the model calls it makes, so they appear as one trace.
 */
final class SpringAiChatClientObservationHandler
    extends SpanObservationHandler<ChatClientObservationContext> {

  private final Lumina lumina;

  SpringAiChatClientObservationHandler(Lumina lumina) {
    this.lumina = lumina;
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof ChatClientObservationContext;
  }

  @Override
  public void onStart(ChatClientObservationContext context) {
    String name = context.getContextualName();
    ObservedSpans.keep(
        context,
        lumina
            .startSpan(
                name == null || name.isBlank() ? "chat_client" : name,
                ObservedSpans.parentOf(context))
            .attribute("gen_ai.operation.name", "framework"));
  }
}
