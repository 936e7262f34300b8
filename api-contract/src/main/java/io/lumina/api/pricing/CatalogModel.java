package io.lumina.api.pricing;

/** One model of the bundled catalog: its id, provider, the pattern that matches it, its price. */
public record CatalogModel(String id, String provider, String pattern, PriceView price) {}
