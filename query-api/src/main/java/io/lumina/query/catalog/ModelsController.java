package io.lumina.query.catalog;

import io.lumina.api.pricing.ModelList;
import io.lumina.api.pricing.ModelList.Model;
import io.lumina.api.pricing.PriceOverride;
import io.lumina.api.pricing.PriceView;
import io.lumina.pricing.CatalogEntry;
import io.lumina.pricing.ModelPrice;
import io.lumina.pricing.OverridePrices;
import io.lumina.pricing.PriceCatalog;
import io.lumina.query.search.TimeParam;
import io.lumina.query.web.AggregateCache;
import io.lumina.query.web.BadParameterException;
import io.lumina.query.web.CallerProject;
import io.lumina.query.web.QueryProperties;
import io.lumina.storage.analytics.AnalyticsReader;
import io.lumina.storage.analytics.ModelUsage;
import io.lumina.storage.pricing.PriceOverrideStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/models}: the models seen in a range, with volume, cost and the price that applies
 * now.
 */
@RestController
@Tag(name = "pricing")
class ModelsController {
  private final AnalyticsReader analytics;
  private final PriceCatalog catalog;
  private final PriceOverrideStore pricing;
  private final AggregateCache cache;
  private final QueryProperties properties;
  private final Clock clock;

  ModelsController(
      AnalyticsReader analytics,
      PriceCatalog catalog,
      PriceOverrideStore pricing,
      AggregateCache cache,
      QueryProperties properties,
      Clock clock) {
    this.analytics = analytics;
    this.catalog = catalog;
    this.pricing = pricing;
    this.cache = cache;
    this.properties = properties;
    this.clock = clock;
  }

  @GetMapping("/api/models")
  @Operation(
      summary =
          "Models seen in the range (default: the last 7 days), with price and whether priced")
  ModelList models(
      CallerProject project,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    Instant end = TimeParam.parse("to", to);
    end = end == null ? clock.instant() : end;
    Instant start = TimeParam.parse("from", from);
    start = start == null ? end.minus(properties.analytics().defaultRange()) : start;
    if (!start.isBefore(end)) {
      throw new BadParameterException("from", "from must be before to");
    }
    Instant s = start;
    Instant e = end;
    return cache.get(List.of(project.id(), "models", s, e), () -> list(project.id(), s, e));
  }

  private ModelList list(String projectId, Instant from, Instant to) {
    List<ModelUsage> usage = analytics.modelUsage(projectId, from, to);
    List<PriceOverride> rows = pricing.list(projectId);
    OverridePrices overrides = pricing.prices(projectId);
    List<Model> models =
        usage.stream()
            .map(
                u -> {
                  Optional<ModelPrice> override = overrides.find(projectId, u.model());
                  if (override.isPresent()) {
                    // the longest matching pattern wins, as in OverridePrices
                    String pattern =
                        rows.stream()
                            .filter(
                                o ->
                                    OverridePrices.compile(o.modelPattern())
                                        .matcher(io.lumina.pricing.ModelNames.canonical(u.model()))
                                        .matches())
                            .map(PriceOverride::modelPattern)
                            .reduce((a, b) -> b.length() > a.length() ? b : a)
                            .orElse(null);
                    return model(u, "PROJECT_OVERRIDE", pattern, PriceViews.of(override.get()));
                  }
                  Optional<CatalogEntry> entry = catalog.find(u.model());
                  return entry
                      .map(c -> model(u, "CATALOG", c.id(), PriceViews.of(c.price())))
                      .orElseGet(() -> model(u, null, null, null));
                })
            .toList();
    return new ModelList(from, to, catalog.version(), models);
  }

  private static Model model(ModelUsage u, String source, String matchedBy, PriceView price) {
    return new Model(
        u.model(),
        u.provider(),
        u.llmSpanCount(),
        u.costUsd(),
        u.unpricedCount(),
        u.unpricedReasons(),
        u.promptTokens(),
        u.completionTokens(),
        source != null,
        source,
        matchedBy,
        price);
  }
}
