package io.lumina.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/pricing}: the bundled catalog (dated) and this project's overrides, USD per 1M
 * tokens.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Pricing(
    String catalogVersion,
    String currency,
    String unit,
    Map<String, List<String>> sources,
    List<CatalogModel> catalog,
    List<Override> overrides) {

  public Pricing {
    catalog = catalog == null ? List.of() : List.copyOf(catalog);
    overrides = overrides == null ? List.of() : List.copyOf(overrides);
    sources = sources == null ? Map.of() : sources;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CatalogModel(String id, String provider, String pattern, Price price) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Price(
      BigDecimal input,
      BigDecimal output,
      BigDecimal cacheRead,
      BigDecimal cacheWrite,
      BigDecimal reasoning,
      List<Tier> tiers) {
    public Price {
      tiers = tiers == null ? List.of() : List.copyOf(tiers);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Tier(long inputAbove, BigDecimal input, BigDecimal output) {}

  /** A project override; also the body of {@code PUT /api/pricing} (updatedAt is ignored there). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Override(
      String modelPattern,
      BigDecimal input,
      BigDecimal output,
      BigDecimal cacheRead,
      BigDecimal cacheWrite,
      BigDecimal reasoning,
      Instant updatedAt) {}
}
