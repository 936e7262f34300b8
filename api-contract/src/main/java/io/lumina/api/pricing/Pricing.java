package io.lumina.api.pricing;

import java.util.List;
import java.util.Map;

/** {@code GET /api/pricing}: the bundled catalog (dated) and this project's overrides. */
public record Pricing(
    String catalogVersion,
    String currency,
    String unit,
    Map<String, List<String>> sources,
    List<CatalogModel> catalog,
    List<PriceOverride> overrides) {}
