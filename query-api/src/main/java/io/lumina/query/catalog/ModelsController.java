package io.lumina.query.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lumina.pricing.CatalogEntry;
import io.lumina.pricing.ModelPrice;
import io.lumina.pricing.OverridePrices;
import io.lumina.pricing.PriceCatalog;
import io.lumina.query.config.AggregateCache;
import io.lumina.query.config.QueryProperties;
import io.lumina.query.search.TimeParam;
import io.lumina.query.web.BadParameterException;
import io.lumina.query.web.CallerProject;
import io.lumina.storage.pricing.PriceOverride;
import io.lumina.storage.pricing.PriceOverrideStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
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
  private final JdbcClient jdbc;
  private final PriceCatalog catalog;
  private final PriceOverrideStore pricing;
  private final AggregateCache cache;
  private final QueryProperties properties;
  private final Clock clock;

  ModelsController(
      JdbcClient jdbc,
      PriceCatalog catalog,
      PriceOverrideStore pricing,
      AggregateCache cache,
      QueryProperties properties,
      Clock clock) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    this.pricing = pricing;
    this.cache = cache;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * @param priced whether a price applies to this model now (override or catalog)
   * @param priceSource PROJECT_OVERRIDE or CATALOG; absent when unpriced
   * @param matchedBy the override pattern or the catalog id that prices it
   * @param unpricedCount LLM calls of the range stored without a price
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Model(
      String model,
      String provider,
      long llmSpanCount,
      BigDecimal costUsd,
      long unpricedCount,
      long promptTokens,
      long completionTokens,
      boolean priced,
      String priceSource,
      String matchedBy,
      PriceView price) {}

  record ModelList(Instant from, Instant to, String catalogVersion, List<Model> models) {}

  private record Usage(
      String model,
      String provider,
      long llmSpanCount,
      BigDecimal costUsd,
      long unpricedCount,
      long promptTokens,
      long completionTokens) {}

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
    List<Usage> usage =
        jdbc.sql(
                """
            SELECT model, provider, sum(llm_span_count) AS llm, sum(cost_usd) AS cost,
                   sum(unpriced_count) AS unpriced, sum(prompt_tokens) AS prompt,
                   sum(completion_tokens) AS completion
            FROM span_rollups_hourly
            WHERE project_id = :project AND hour >= date_trunc('hour', CAST(:from AS timestamptz), 'UTC')
              AND hour < :to AND model <> ''
            GROUP BY model, provider
            ORDER BY cost DESC, model, provider""")
            .param("project", projectId)
            .param("from", TimeParam.toSql(from))
            .param("to", TimeParam.toSql(to))
            .query(
                (rs, i) ->
                    new Usage(
                        rs.getString("model"),
                        emptyToNull(rs.getString("provider")),
                        rs.getLong("llm"),
                        rs.getBigDecimal("cost").stripTrailingZeros(),
                        rs.getLong("unpriced"),
                        rs.getLong("prompt"),
                        rs.getLong("completion")))
            .list();
    List<PriceOverride> rows = pricing.list(projectId);
    OverridePrices overrides =
        new OverridePrices(rows.stream().map(o -> o.toOverride(projectId)).toList());
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
                    return model(u, "PROJECT_OVERRIDE", pattern, PriceView.of(override.get()));
                  }
                  Optional<CatalogEntry> entry = catalog.find(u.model());
                  return entry
                      .map(c -> model(u, "CATALOG", c.id(), PriceView.of(c.price())))
                      .orElseGet(() -> model(u, null, null, null));
                })
            .toList();
    return new ModelList(from, to, catalog.version(), models);
  }

  private static Model model(Usage u, String source, String matchedBy, PriceView price) {
    return new Model(
        u.model(),
        u.provider(),
        u.llmSpanCount(),
        u.costUsd(),
        u.unpricedCount(),
        u.promptTokens(),
        u.completionTokens(),
        source != null,
        source,
        matchedBy,
        price);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
