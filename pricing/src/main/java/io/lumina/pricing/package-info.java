/**
 * Pricing spans: the bundled, dated {@link io.lumina.pricing.PriceCatalog} (validated at load),
 * model name matching ({@link io.lumina.pricing.ModelNames}, {@link
 * io.lumina.pricing.ModelMatcher}), project overrides ({@link io.lumina.pricing.ProjectPrices},
 * {@link io.lumina.pricing.OverridePrices}) and {@link io.lumina.pricing.CostCalculator}, which
 * applies the precedence span cost > span prices > project override > catalog and never prices an
 * unknown model as $0. Works only on {@link io.lumina.model.NormalizedSpan}, so stored rows can be
 * re-priced.
 */
package io.lumina.pricing;
