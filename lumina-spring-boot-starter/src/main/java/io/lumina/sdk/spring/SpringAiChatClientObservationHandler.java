package io.lumina.sdk.spring;

import io.lumina.sdk.Lumina;
import io.lumina.sdk.StartedSpan;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/** A ChatClient call becomes a span around the model calls it makes, so they appear as one trace. */
final class SpringAiChatClientObservationHandler
    implements ObservationHandler<ChatClientObservationContext> {

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

  @Override
  public void onError(ChatClientObservationContext context) {
    StartedSpan span = ObservedSpans.peek(context);
    if (span != null && context.getError() != null) {
      span.error(context.getError());
    }
  }

  @Override
  public void onStop(ChatClientObservationContext context) {
    StartedSpan span = ObservedSpans.take(context);
    if (span != null) {
      span.end();
    }
  }
}
