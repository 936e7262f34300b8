package io.lumina.conventions;

/**
 * The standard Lumina fields an attribute can feed. Several conventions name the same field; the
 * {@link AttributeMapping} table says which name wins.
 */
public enum StandardField {
  MODEL,
  PROVIDER,
  INPUT_TOKENS,
  OUTPUT_TOKENS,
  TOTAL_TOKENS,
  CACHE_READ_TOKENS,
  CACHE_WRITE_TOKENS,
  REASONING_TOKENS,
  /** The input: a messages array (JSON or structured), a request object, or plain text. */
  INPUT,
  /** The output: a messages array, a response object, or plain text. */
  OUTPUT,
  /** System instructions given apart from the messages. */
  SYSTEM_PROMPT,
  /** One field of an indexed input message ({@code gen_ai.prompt.N.role|content}...). */
  INPUT_MESSAGE_ROLE,
  INPUT_MESSAGE_CONTENT,
  /** One field of an indexed output message ({@code gen_ai.completion.N.content}...). */
  OUTPUT_MESSAGE_ROLE,
  OUTPUT_MESSAGE_CONTENT,
  USER_ID,
  SESSION_ID,
  /** An explicit status attribute ({@code lumina.status=degraded}). */
  STATUS,
  COST_USD,
  PROMPT_TOKEN_PRICE,
  COMPLETION_TOKEN_PRICE,
  TEMPERATURE,
  MAX_TOKENS,
  /** OpenInference's JSON object of request parameters (temperature, max_tokens...). */
  INVOCATION_PARAMETERS
}
