package io.lumina.api.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/models}: the models seen in a range, with volume, cost and today's price. */
public record ModelList(Instant from, Instant to, String catalogVersion, List<Model> models) {

  /**
   * @param priced whether a price applies to this model now (override or catalog)
   * @param priceSource PROJECT_OVERRIDE or CATALOG; absent when unpriced
   * @param matchedBy the override pattern or the catalog id that prices it
   * @param unpricedCount LLM calls of the range stored without a price
   * @param unpricedReasons how many of them for each reason ({@code no_tokens}...), absent when
   *     none: a model with a price can still have calls without token counts
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Model(
      String model,
      String provider,
      long llmSpanCount,
      BigDecimal costUsd,
      long unpricedCount,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> unpricedReasons,
      long promptTokens,
      long completionTokens,
      boolean priced,
      String priceSource,
      String matchedBy,
      PriceView price) {}
}
