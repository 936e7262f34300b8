package io.lumina.sdk;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/** A {@link StartedSpan} over an OpenTelemetry span. */
class RecordingSpan implements StartedSpan {

  final Span span;
  private final Context context;

  RecordingSpan(Span span, Context parent) {
    this.span = span;
    this.context = parent.with(span);
  }

  @Override
  public RecordingSpan attribute(String key, Object value) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("attribute key must not be blank");
    }
    SpanAttributes.put(span, key, value);
    return this;
  }

  @Override
  public RecordingSpan error(Throwable error) {
    recordError(span, error);
    return this;
  }

  @Override
  public void end() {
    span.end();
  }

  @Override
  public Context context() {
    return context;
  }

  static void recordError(Span span, Throwable error) {
    if (error == null || !span.isRecording()) {
      return;
    }
    span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    span.setAttribute(SpanAttributes.ERROR_TYPE, error.getClass().getName());
    span.recordException(error);
  }
}
