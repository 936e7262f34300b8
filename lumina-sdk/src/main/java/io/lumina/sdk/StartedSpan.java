package io.lumina.sdk;

import io.opentelemetry.context.Context;

/**
 * A span started by {@link Lumina#startSpan} or {@link Lumina#startLlmSpan}, for instrumentation
 * whose start and end arrive as separate callbacks (observation handlers, listeners). The span is
 * not made current; pass {@link #context()} as the parent of what runs inside it. Ending twice is
 * harmless.
 */
public interface StartedSpan {

  /** An attribute, with the same rules as {@link LlmSpan#attribute}. */
  StartedSpan attribute(String key, Object value);

  /** Marks the span failed: status error, {@code error.type} and an {@code exception} event. */
  StartedSpan error(Throwable error);

  /** Ends the span. */
  void end();

  /** {@link #error} then {@link #end}. */
  default void end(Throwable error) {
    error(error);
    end();
  }

  /** The OpenTelemetry context holding this span, to start children in. */
  Context context();
}
