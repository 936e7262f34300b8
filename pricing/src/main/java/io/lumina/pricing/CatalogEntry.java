package io.lumina.pricing;

import java.util.Objects;
import java.util.regex.Pattern;

/** One model of the catalog: its canonical id, provider, compiled name pattern and price. */
public record CatalogEntry(String id, String provider, Pattern pattern, ModelPrice price) {
  public CatalogEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(price, "price");
  }
}
