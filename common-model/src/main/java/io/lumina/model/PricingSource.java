package io.lumina.model;

/** Where a span's cost came from, in order of precedence. */
public enum PricingSource {
  /** The span brought its own cost ({@code cost_usd}). */
  SPAN,
  /** The span brought its own prices ({@code cost_per_prompt_token}...). */
  SPAN_PRICES,
  /** The project set a price for this model through the API. */
  PROJECT_OVERRIDE,
  /** The bundled pricing catalog. */
  CATALOG,
  /** An LLM call whose model has no known price: cost is null, never a silent zero. */
  UNPRICED,
  /** Not an LLM call: nothing to price. */
  NONE
}
