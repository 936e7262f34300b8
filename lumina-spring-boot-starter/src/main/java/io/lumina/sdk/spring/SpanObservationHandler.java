package io.lumina.sdk.spring;

import io.lumina.sdk.StartedSpan;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * An observation handler that keeps a Lumina span in the observation's context from {@code onStart}
 * to {@code onStop}: errors are recorded on it, and it ends with the observation.
 */
abstract class SpanObservationHandler<C extends Observation.Context>
    implements ObservationHandler<C> {

  @Override
  public void onError(C context) {
    StartedSpan span = ObservedSpans.peek(context);
    if (span != null && context.getError() != null) {
      span.error(context.getError());
    }
  }

  @Override
  public void onStop(C context) {
    StartedSpan span = ObservedSpans.take(context);
    if (span != null) {
      beforeEnd(context, span);
      span.end();
    }
  }

  /** What the finished observation adds to its span. */
  void beforeEnd(C context, StartedSpan span) {}
}
