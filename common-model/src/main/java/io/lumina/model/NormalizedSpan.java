package io.lumina.model;

/**
 * What Lumina understood of one span, whatever attribute convention it was sent in: the standard
 * fields (model, provider, tokens, prompt, response, user, session, status) plus what the cost
 * engine and the replay engine need. Fields are null when the span did not say.
 *
 * @param model the model that answered (response model before request model)
 * @param provider the provider or system, lower case (openai, anthropic, aws.bedrock...)
 * @param tokens token counts by kind, never null
 * @param prompt the prompt as readable text (the last user turn or the whole input)
 * @param response the response as readable text
 * @param inputMessages the input messages as a JSON array of {role, content}, for replay
 * @param systemPrompt the system instructions, when given apart from the messages
 * @param status ok, error or degraded as far as the span itself says
 * @param declaredCostUsd a cost the span brought with it ({@code cost_usd})
 * @param promptTokenPrice per-span custom price per prompt token in USD
 * @param completionTokenPrice per-span custom price per completion token in USD
 * @param usageRole whether this span's usage counts in totals (a call) or repeats the usage of the
 *     calls below it (an aggregate); see {@link UsageRole}. NONE exactly when the span reports no
 *     model, tokens or cost; a span that reports usage is a CALL unless AGGREGATE is given
 */
public record NormalizedSpan(
    String model,
    String provider,
    TokenUsage tokens,
    String prompt,
    String response,
    String inputMessages,
    String systemPrompt,
    String userId,
    String sessionId,
    SpanStatus status,
    Double declaredCostUsd,
    Double promptTokenPrice,
    Double completionTokenPrice,
    Double temperature,
    Long maxTokens,
    UsageRole usageRole) {

  public NormalizedSpan {
    if (tokens == null) {
      tokens = TokenUsage.NONE;
    }
    if (status == null) {
      status = SpanStatus.OK;
    }
    // NONE follows from the fields alone; only CALL versus AGGREGATE needs the caller's word
    if (!reportsUsage(model, tokens, declaredCostUsd)) {
      usageRole = UsageRole.NONE;
    } else if (usageRole != UsageRole.AGGREGATE) {
      usageRole = UsageRole.CALL;
    }
  }

  /**
   * A span known by its stored fields only (re-pricing, replay): a call when it reports usage, with
   * no aggregate marker to say otherwise.
   */
  public NormalizedSpan(
      String model,
      String provider,
      TokenUsage tokens,
      String prompt,
      String response,
      String inputMessages,
      String systemPrompt,
      String userId,
      String sessionId,
      SpanStatus status,
      Double declaredCostUsd,
      Double promptTokenPrice,
      Double completionTokenPrice,
      Double temperature,
      Long maxTokens) {
    this(
        model,
        provider,
        tokens,
        prompt,
        response,
        inputMessages,
        systemPrompt,
        userId,
        sessionId,
        status,
        declaredCostUsd,
        promptTokenPrice,
        completionTokenPrice,
        temperature,
        maxTokens,
        null);
  }

  /** True when this span's usage belongs in totals: see {@link UsageRole#counted()}. */
  public boolean countsUsage() {
    return usageRole.counted();
  }

  private static boolean reportsUsage(String model, TokenUsage tokens, Double declaredCostUsd) {
    return model != null || (tokens != null && !tokens.isEmpty()) || declaredCostUsd != null;
  }

  /**
   * A call known only by its model, provider and token counts, as re-pricing a stored span or a
   * replayed call sees it: nothing it could have declared about its own cost.
   */
  public static NormalizedSpan ofUsage(String model, String provider, TokenUsage tokens) {
    return new NormalizedSpan(
        model, provider, tokens, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  /** A span is an LLM call when it names a model or reports tokens. */
  public boolean isLlmCall() {
    return model != null || !tokens.isEmpty();
  }
}
