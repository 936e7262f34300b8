package io.lumina.storage.traces;

/**
 * Free text ({@code q}) as a full-text match served by the GIN index {@code spans_text_idx}
 * (V80__free_text_index.sql): the words of the first {@value #PREFIX_CHARS} characters of a span's
 * prompt and of its response, in the {@code simple} configuration (lower-cased, no stemming, no
 * stop words, whatever the language). {@code q} is split into words by the same parser, so both
 * sides agree on what a word is: every word of {@code q} must be a word of the span, in any order
 * and case. See docs/api.md.
 */
final class FreeText {
  /** Characters of the prompt, and of the response, that free text searches. */
  static final int PREFIX_CHARS = 4000;

  /**
   * The indexed expression for the span under alias {@code s}, exactly as in the index: the planner
   * uses the index only for this same expression.
   */
  static final String VECTOR =
      ("to_tsvector('simple'::regconfig, left(coalesce(s.prompt, ''), %1$d) || ' '"
              + " || left(coalesce(s.response, ''), %1$d))")
          .formatted(PREFIX_CHARS);

  /**
   * The condition: the span's text holds every word of parameter {@code q}. {@code plainto_tsquery}
   * of a bound value is folded to a constant when the statement is planned, so the planner sees the
   * words and estimates from the index's statistics how common they are: it walks the newest traces
   * for a common word and reads the GIN index for a rare one. Prefix queries ({@code word:*}) would
   * match more but have no such estimate, and a common prefix then reads every match.
   */
  static final String CONDITION = VECTOR + " @@ plainto_tsquery('simple'::regconfig, ?)";

  private FreeText() {}
}
