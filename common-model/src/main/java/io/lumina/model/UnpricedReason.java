package io.lumina.model;

import java.util.Locale;

/**
 * Why an LLM call has no cost. Each reason carries the advice that fits it, for the API and the
 * dashboard: a span without token counts needs a different fix from a model without a price.
 */
public enum UnpricedReason {
  /** The span reports no token counts at all (OpenInference on streamed calls, for example). */
  NO_TOKENS(
      "The span reports no token counts, so there is nothing to price. Streamed calls often carry"
          + " none: ask the provider for usage in the stream (OpenAI: stream_options.include_usage)"
          + " and use an instrumentation that records it (see docs/conventions.md)."),
  /** Only a total token count: it cannot be split into input and output, which have two prices. */
  ONLY_TOTAL_TOKENS(
      "The span reports only a total token count. Input and output tokens have different prices:"
          + " send them apart (gen_ai.usage.input_tokens and gen_ai.usage.output_tokens)."),
  /** Token counts without a model name: no price can apply. */
  NO_MODEL(
      "The span reports tokens but names no model, so no price applies. Set the model attribute"
          + " (gen_ai.request.model or gen_ai.response.model)."),
  /** A model the catalog and the project's prices do not know. */
  UNKNOWN_MODEL(
      "No price is known for this model. Add a price for it to the project (PUT /api/pricing,"
          + " see docs/api.md), then re-price the stored spans (POST /api/pricing/reprice).");

  private final String advice;

  UnpricedReason(String advice) {
    this.advice = advice;
  }

  /** What the user can do about it, in one or two sentences. */
  public String advice() {
    return advice;
  }

  /** The lower-case name used in storage, the API and exports ({@code no_tokens}...). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The reason for a {@link #wireName()}; IllegalArgumentException for anything else. */
  public static UnpricedReason fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
