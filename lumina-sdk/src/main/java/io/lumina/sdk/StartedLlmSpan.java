package io.lumina.sdk;

/** A started LLM span: {@link LlmSpan} facts plus the result object, then {@link #end()}. */
public interface StartedLlmSpan extends LlmSpan, StartedSpan {

  /**
   * Reads model, usage, response id and text from a response shaped like the OpenAI or Anthropic
   * Java SDK's, Spring AI's {@code ChatResponse} or LangChain4j's {@code ChatResponse}; a string is
   * the response text; other objects are ignored. Values already set explicitly are kept.
   */
  StartedLlmSpan result(Object response);

  @Override
  StartedLlmSpan attribute(String key, Object value);

  @Override
  StartedLlmSpan error(Throwable error);
}
