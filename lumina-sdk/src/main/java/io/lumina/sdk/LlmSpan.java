package io.lumina.sdk;

/**
 * What the code inside {@link Lumina#traceLLM(java.util.function.Function, TraceOptions)} can tell
 * about the LLM call it makes. Everything is optional: a result shaped like an OpenAI, Anthropic,
 * Spring AI or LangChain4j response fills model, usage and response text by itself, and what is set
 * here wins over what the result says. Not thread-safe: call it from the thread running the call.
 */
public interface LlmSpan {

  /** The model that answered ({@code gen_ai.response.model}). */
  LlmSpan model(String model);

  /** Token usage ({@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens}). */
  LlmSpan usage(long promptTokens, long completionTokens);

  /** The prompt, recorded as one user message ({@code gen_ai.input.messages}). */
  LlmSpan prompt(String prompt);

  /**
   * One input message with its role ({@code system}, {@code user}, {@code assistant}, {@code
   * tool}), in order, for calls that send a conversation rather than one prompt.
   */
  LlmSpan message(String role, String content);

  /** The response text, recorded as the assistant's message ({@code gen_ai.output.messages}). */
  LlmSpan response(String response);

  /**
   * Custom prices in USD per token ({@code cost_per_prompt_token}, {@code
   * cost_per_completion_token}): Lumina prices this call with them instead of its catalog.
   */
  LlmSpan costPerToken(double prompt, double completion);

  /**
   * Any other attribute. Strings, booleans, whole numbers and decimals keep their type; anything
   * else is recorded as its {@code toString()}. {@code userId} and {@code sessionId} become {@code
   * user.id} and {@code session.id}.
   */
  LlmSpan attribute(String key, Object value);
}
