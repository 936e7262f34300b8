package io.lumina.pricing;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.PricingSource;
import io.lumina.model.TokenUsage;
import io.lumina.model.UnpricedReason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices one normalized span. Precedence (docs/pricing.md): the span's own {@code cost_usd}, then
 * the span's own per-token prices, then the project's override for the model, then the bundled
 * catalog. An LLM call nothing can price is {@link Cost#unpriced unpriced}: null, never a silent
 * $0, with the {@link UnpricedReason} that says what is missing (tokens, a model, a price).
 *
 * <p>Token arithmetic, with {@code input} including cached tokens and {@code output} including
 * reasoning tokens (see {@link TokenUsage}):
 *
 * <pre>
 *   rates      = tier for (input) or base rates
 *   input cost = (input - cacheRead - cacheWrite) * input rate
 *              + cacheRead * cacheRead rate + cacheWrite * cacheWrite rate
 *   output cost= (output - reasoning) * output rate + reasoning * reasoning rate
 *   cost       = (input cost + output cost) / 1M, scale 10, half-up
 * </pre>
 *
 * Only the stored columns (model, token counts) are read from the span for catalog and override
 * pricing, so re-pricing a stored row gives the same figure as pricing it at ingestion.
 * Thread-safe; allocation is a handful of BigDecimals per span.
 */
public final class CostCalculator {

  public static final int SCALE = 10;
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000L);

  private final PriceCatalog catalog;
  private final ProjectPrices projectPrices;

  public CostCalculator(PriceCatalog catalog, ProjectPrices projectPrices) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.projectPrices = Objects.requireNonNull(projectPrices, "projectPrices");
  }

  /** The bundled catalog and no project overrides: for tools, tests and the all-in-one mode. */
  public static CostCalculator withBundledCatalog() {
    return new CostCalculator(PriceCatalog.bundled(), ProjectPrices.none());
  }

  public PriceCatalog catalog() {
    return catalog;
  }

  public Cost price(String projectId, NormalizedSpan span) {
    // A declared cost is honoured even without model or tokens: the client knows what it paid.
    if (span.declaredCostUsd() != null
        && Double.isFinite(span.declaredCostUsd())
        && span.declaredCostUsd() >= 0) {
      return new Cost(scaled(BigDecimal.valueOf(span.declaredCostUsd())), PricingSource.SPAN, null);
    }
    if (!span.isLlmCall()) {
      return Cost.NOT_AN_LLM_CALL;
    }
    BigDecimal custom = customPrices(span);
    if (custom != null) {
      return new Cost(custom, PricingSource.SPAN_PRICES, null);
    }
    UnpricedReason missing = missingForPricing(span);
    if (missing != null) {
      return Cost.unpriced(missing);
    }
    Optional<ModelPrice> override = projectPrices.find(projectId, span.model());
    if (override.isPresent()) {
      return new Cost(cost(span.tokens(), override.get()), PricingSource.PROJECT_OVERRIDE, null);
    }
    Optional<CatalogEntry> entry = catalog.find(span.model());
    if (entry.isPresent()) {
      return new Cost(
          cost(span.tokens(), entry.get().price()), PricingSource.CATALOG, catalog.version());
    }
    return Cost.unpriced(UnpricedReason.UNKNOWN_MODEL);
  }

  /**
   * What the span lacks for any price to apply, or null. Token counts are judged first: a model
   * without tokens cannot be priced whatever the catalog knows, and saying "add a price" would send
   * the user the wrong way.
   */
  private static UnpricedReason missingForPricing(NormalizedSpan span) {
    TokenUsage t = span.tokens();
    if (!priceable(t)) {
      return t.total() == null ? UnpricedReason.NO_TOKENS : UnpricedReason.ONLY_TOTAL_TOKENS;
    }
    return span.model() == null ? UnpricedReason.NO_MODEL : null;
  }

  /** The cost of these tokens at this price, in USD. */
  public static BigDecimal cost(TokenUsage tokens, ModelPrice price) {
    long cacheRead = orZero(tokens.cacheRead());
    long cacheWrite = orZero(tokens.cacheWrite());
    long input = Math.max(orZero(tokens.input()), cacheRead + cacheWrite);
    long output = orZero(tokens.output());
    long reasoning = Math.min(orZero(tokens.reasoning()), output);
    TokenRates r = price.ratesFor(input);

    BigDecimal perMillion =
        r.input()
            .multiply(BigDecimal.valueOf(input - cacheRead - cacheWrite))
            .add(r.cacheRead().multiply(BigDecimal.valueOf(cacheRead)))
            .add(r.cacheWrite().multiply(BigDecimal.valueOf(cacheWrite)));
    if (reasoning > 0 && r.reasoning().compareTo(r.output()) != 0) {
      perMillion =
          perMillion
              .add(r.output().multiply(BigDecimal.valueOf(output - reasoning)))
              .add(r.reasoning().multiply(BigDecimal.valueOf(reasoning)));
    } else {
      perMillion = perMillion.add(r.output().multiply(BigDecimal.valueOf(output)));
    }
    return perMillion.divide(MILLION, SCALE, RoundingMode.HALF_UP);
  }

  /**
   * Per-token prices the span brought. A price may be missing only for a kind of token the span did
   * not use (an embedding needs no completion price); otherwise the next source prices the span,
   * rather than counting the unpriced tokens as free.
   */
  private static BigDecimal customPrices(NormalizedSpan span) {
    Double promptPrice = span.promptTokenPrice();
    Double completionPrice = span.completionTokenPrice();
    if ((promptPrice == null && completionPrice == null)
        || !validPrice(promptPrice)
        || !validPrice(completionPrice)) {
      return null;
    }
    TokenUsage t = span.tokens();
    long input = orZero(t.input());
    long output = orZero(t.output());
    if ((input > 0 && promptPrice == null)
        || (output > 0 && completionPrice == null)
        || (t.input() == null && t.output() == null)) {
      return null;
    }
    BigDecimal usd = BigDecimal.ZERO;
    if (promptPrice != null) {
      usd = usd.add(BigDecimal.valueOf(promptPrice).multiply(BigDecimal.valueOf(input)));
    }
    if (completionPrice != null) {
      usd = usd.add(BigDecimal.valueOf(completionPrice).multiply(BigDecimal.valueOf(output)));
    }
    return scaled(usd);
  }

  /**
   * Only a total (or nothing) cannot be split into input and output: pricing it would be a guess.
   */
  private static boolean priceable(TokenUsage t) {
    return t.input() != null
        || t.output() != null
        || t.cacheRead() != null
        || t.cacheWrite() != null;
  }

  private static boolean validPrice(Double price) {
    return price == null || (Double.isFinite(price) && price >= 0);
  }

  private static BigDecimal scaled(BigDecimal usd) {
    return usd.setScale(SCALE, RoundingMode.HALF_UP);
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
