package io.lumina.model;

import java.util.Locale;

/**
 * Whether a span's usage (tokens, cost, one request, its model) is counted in totals, so that every
 * LLM call of a trace is counted exactly once. Decided by {@code SpanNormalizer} from the span's
 * own attributes; docs/conventions.md ("Counting each call once") lists the rules.
 *
 * <p>Totals (trace summaries, rollups, analytics, exports) sum only {@link #CALL} spans. Every span
 * keeps the usage it reported whatever its role: an {@link #AGGREGATE} span's tokens and cost are
 * shown on the span itself, never added to a total.
 */
public enum UsageRole {
  /** Reports no usage: no model, no tokens, no declared cost. Nothing to count. */
  NONE,
  /** One request to a model: its tokens, cost, request and model are counted once. */
  CALL,
  /**
   * Repeats the usage of the calls below it in the same trace: the Vercel AI SDK's outer {@code
   * ai.generateText} span over its {@code doGenerate} steps, an OpenInference CHAIN or AGENT span,
   * an OpenLLMetry workflow or task span. Stored as reported, never counted.
   */
  AGGREGATE;

  /** True when the span's usage belongs in totals. */
  public boolean counted() {
    return this == CALL;
  }

  /**
   * The lower-case name used in storage, the API and exports ({@code call}, {@code aggregate}...).
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role for a {@link #wireName()}; IllegalArgumentException for anything else. */
  public static UsageRole fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
