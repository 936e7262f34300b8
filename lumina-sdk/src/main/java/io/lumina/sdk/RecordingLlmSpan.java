package io.lumina.sdk;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The LLM span behind {@link LlmSpan}: facts set explicitly are written at once; messages and the
 * facts of a result object are written at {@link #end()}, explicit ones winning. Does nothing when
 * the span is not recording (sampled out), so a dropped call costs no reflection.
 */
final class RecordingLlmSpan extends RecordingSpan implements StartedLlmSpan {

  private final boolean captureContent;
  private final boolean recording;
  private List<Messages.Message> input;
  private String responseText;
  private ResponseShapes.Facts facts;
  private boolean modelSet;
  private boolean usageSet;
  private boolean ended;

  RecordingLlmSpan(Span span, Context parent, boolean captureContent) {
    super(span, parent);
    this.captureContent = captureContent;
    this.recording = span.isRecording();
  }

  @Override
  public RecordingLlmSpan model(String model) {
    if (recording && model != null && !model.isBlank()) {
      span.setAttribute(SpanAttributes.RESPONSE_MODEL, model);
      modelSet = true;
    }
    return this;
  }

  @Override
  public RecordingLlmSpan usage(long promptTokens, long completionTokens) {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must not be negative: " + promptTokens + ", " + completionTokens);
    }
    if (recording) {
      span.setAttribute(SpanAttributes.INPUT_TOKENS, promptTokens);
      span.setAttribute(SpanAttributes.OUTPUT_TOKENS, completionTokens);
      usageSet = true;
    }
    return this;
  }

  @Override
  public RecordingLlmSpan prompt(String prompt) {
    return message("user", prompt);
  }

  @Override
  public RecordingLlmSpan message(String role, String content) {
    if (recording && captureContent && content != null) {
      if (input == null) {
        input = new ArrayList<>(2);
      }
      input.add(new Messages.Message(role == null ? "user" : role, content));
    }
    return this;
  }

  @Override
  public RecordingLlmSpan response(String response) {
    if (recording && captureContent && response != null) {
      responseText = response;
    }
    return this;
  }

  @Override
  public RecordingLlmSpan costPerToken(double prompt, double completion) {
    SpanAttributes.checkPrice(SpanAttributes.PROMPT_TOKEN_PRICE.getKey(), prompt);
    SpanAttributes.checkPrice(SpanAttributes.COMPLETION_TOKEN_PRICE.getKey(), completion);
    span.setAttribute(SpanAttributes.PROMPT_TOKEN_PRICE, prompt);
    span.setAttribute(SpanAttributes.COMPLETION_TOKEN_PRICE, completion);
    return this;
  }

  @Override
  public RecordingLlmSpan attribute(String key, Object value) {
    super.attribute(key, value);
    return this;
  }

  @Override
  public RecordingLlmSpan error(Throwable error) {
    super.error(error);
    return this;
  }

  @Override
  public RecordingLlmSpan result(Object response) {
    if (recording) {
      ResponseShapes.Facts read = ResponseShapes.read(response);
      if (read != null) {
        facts = read;
      }
    }
    return this;
  }

  @Override
  public void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (recording) {
      writeFacts();
      if (input != null) {
        span.setAttribute(SpanAttributes.INPUT_MESSAGES, Messages.json(input, null));
      }
      String text = responseText != null ? responseText : (facts == null ? null : facts.text());
      if (captureContent && text != null) {
        String finish = facts == null ? null : facts.finishReason();
        span.setAttribute(
            SpanAttributes.OUTPUT_MESSAGES,
            Messages.json(List.of(new Messages.Message("assistant", text)), finish));
      }
    }
    span.end();
  }

  private void writeFacts() {
    ResponseShapes.Facts f = facts;
    if (f == null) {
      return;
    }
    if (!modelSet && f.model() != null) {
      span.setAttribute(SpanAttributes.RESPONSE_MODEL, f.model());
    }
    if (f.id() != null) {
      span.setAttribute(SpanAttributes.RESPONSE_ID, f.id());
    }
    if (f.finishReason() != null) {
      span.setAttribute(SpanAttributes.FINISH_REASONS, List.of(f.finishReason()));
    }
    if (!usageSet) {
      setIfKnown(SpanAttributes.INPUT_TOKENS, f.inputTokens());
      setIfKnown(SpanAttributes.OUTPUT_TOKENS, f.outputTokens());
      setIfKnown(SpanAttributes.CACHE_READ_TOKENS, f.cacheReadTokens());
      setIfKnown(SpanAttributes.CACHE_WRITE_TOKENS, f.cacheWriteTokens());
      setIfKnown(SpanAttributes.REASONING_TOKENS, f.reasoningTokens());
    }
  }

  private void setIfKnown(io.opentelemetry.api.common.AttributeKey<Long> key, Long value) {
    if (value != null && value >= 0) {
      span.setAttribute(key, value);
    }
  }
}
