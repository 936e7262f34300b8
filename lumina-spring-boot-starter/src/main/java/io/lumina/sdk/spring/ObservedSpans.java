package io.lumina.sdk.spring;

import io.lumina.sdk.StartedSpan;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import io.opentelemetry.context.Context;

/**
 * The Lumina span kept in an observation's context, and the parent of a new one: the span of the
 * nearest enclosing observation that has one (a ChatClient call around a model call), else the
 * current OpenTelemetry context (a {@code lumina.span(...)} around it).
 */
final class ObservedSpans {

  private static final Class<StartedSpan> KEY = StartedSpan.class;

  private ObservedSpans() {}

  static void keep(Observation.Context context, StartedSpan span) {
    context.put(KEY, span);
  }

  static StartedSpan take(Observation.Context context) {
    StartedSpan span = context.get(KEY);
    context.remove(KEY);
    return span;
  }

  static StartedSpan peek(Observation.Context context) {
    return context.get(KEY);
  }

  static Context parentOf(Observation.Context context) {
    for (ObservationView parent = context.getParentObservation();
        parent != null;
        parent = parent.getContextView().getParentObservation()) {
      StartedSpan span = parent.getContextView().get(KEY);
      if (span != null) {
        return span.context();
      }
    }
    return Context.current();
  }
}
