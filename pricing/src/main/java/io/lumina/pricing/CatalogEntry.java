package io.lumina.pricing;

import com.google.re2j.Pattern;
import java.util.Objects;

/** One model of the catalog: its canonical id, provider, compiled name pattern and price. */
public record CatalogEntry(String id, String provider, Pattern pattern, ModelPrice price) {
  public CatalogEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(price, "price");
  }
}
