package io.lumina.replay.providers;

/**
 * One configured LLM provider that replay runs call: the seam between the replay engine and the
 * outside world. Two protocols implement it ({@link OpenAiChatProvider}, {@link
 * AnthropicMessagesProvider}) and both run the same contract tests against a local fake server.
 */
public interface LlmProvider {

  /** The configured name ({@code lumina.replay.providers.<name>}). */
  String name();

  /** {@code openai} or {@code anthropic}. */
  String protocol();

  /** The model used when neither the run nor the captured call names one; may be null. */
  String defaultModel();

  /**
   * One call, no retries (the run decides about retrying).
   *
   * @throws ProviderCallException for every provider-side failure: HTTP error, rate limit, timeout,
   *     connection failure, unreadable answer
   * @throws InterruptedException when the run was cancelled or the service stops
   */
  ChatResult complete(ChatRequest request) throws ProviderCallException, InterruptedException;

  /**
   * Whether the provider is usable as configured. It does not call the provider: a health probe
   * that spends tokens every few seconds would cost money and count against rate limits.
   */
  Check check();

  /** The outcome of {@link #check()}. */
  record Check(boolean up, String detail) {}
}
