package io.lumina.query.catalog;

import io.lumina.api.pricing.CatalogModel;
import io.lumina.api.pricing.OverrideRequest;
import io.lumina.api.pricing.PriceOverride;
import io.lumina.api.pricing.Pricing;
import io.lumina.api.pricing.RepriceJob;
import io.lumina.api.pricing.RepriceRequest;
import io.lumina.pricing.OverridePrices;
import io.lumina.pricing.PriceCatalog;
import io.lumina.pricing.TokenRates;
import io.lumina.query.search.TimeParam;
import io.lumina.query.web.AggregateCache;
import io.lumina.query.web.BadParameterException;
import io.lumina.query.web.CallerProject;
import io.lumina.query.web.NotFoundException;
import io.lumina.query.web.QueryProperties;
import io.lumina.storage.pricing.PriceOverrideStore;
import io.lumina.storage.pricing.RepriceJobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/pricing}: the bundled catalog and the project's overrides; {@code PUT} sets an
 * override (it prices new spans once the worker reloads overrides, and stored spans after a
 * re-pricing job, which {@link RepriceJobRunner} runs in the background).
 */
@RestController
@Tag(name = "pricing")
class PricingController {
  private final PriceCatalog catalog;
  private final PriceOverrideStore pricing;
  private final RepriceJobs jobs;
  private final RepriceJobRunner runner;
  private final AggregateCache cache;
  private final QueryProperties properties;

  PricingController(
      PriceCatalog catalog,
      PriceOverrideStore pricing,
      RepriceJobs jobs,
      RepriceJobRunner runner,
      AggregateCache cache,
      QueryProperties properties) {
    this.catalog = catalog;
    this.pricing = pricing;
    this.jobs = jobs;
    this.runner = runner;
    this.cache = cache;
    this.properties = properties;
  }

  @GetMapping("/api/pricing")
  @Operation(summary = "The bundled catalog and this project's overrides (overrides win)")
  Pricing get(CallerProject project) {
    List<CatalogModel> models =
        catalog.entries().stream()
            .map(
                e ->
                    new CatalogModel(
                        e.id(), e.provider(), e.pattern().pattern(), PriceViews.of(e.price())))
            .toList();
    return new Pricing(
        catalog.version(),
        "USD",
        "per 1M tokens",
        catalog.sources(),
        models,
        pricing.list(project.id()));
  }

  @PutMapping("/api/pricing")
  @Operation(
      summary =
          "Set the project's price for a model pattern (a regular expression over the canonical"
              + " model name; a plain id such as gpt-4o also covers its dated versions)")
  PriceOverride put(CallerProject project, @RequestBody OverrideRequest body) {
    if (body == null) {
      throw new BadParameterException(
          "body", "a JSON body {modelPattern, input, output, ...} is required");
    }
    String pattern = body.modelPattern();
    if (pattern == null
        || pattern.isBlank()
        || pattern.length() > 200
        || pattern.indexOf('\0') >= 0) {
      throw new BadParameterException("modelPattern", "modelPattern must be 1 to 200 characters");
    }
    try {
      OverridePrices.compile(pattern);
    } catch (IllegalArgumentException e) {
      throw new BadParameterException("modelPattern", e.getMessage());
    }
    if (body.input() == null) {
      throw new BadParameterException("input", "input (USD per 1M prompt tokens) is required");
    }
    if (body.output() == null) {
      throw new BadParameterException(
          "output", "output (USD per 1M completion tokens) is required");
    }
    try {
      // the same checks as the catalog: not negative, below the sane ceiling, cache read <= input
      new TokenRates(
          body.input(), body.output(), body.cacheRead(), body.cacheWrite(), body.reasoning());
    } catch (IllegalArgumentException e) {
      throw new BadParameterException(field(e.getMessage()), e.getMessage());
    }
    for (BigDecimal price :
        new BigDecimal[] {
          body.input(), body.output(), body.cacheRead(), body.cacheWrite(), body.reasoning()
        }) {
      if (price != null && price.scale() > 6) {
        throw new BadParameterException(
            "input", "prices have at most 6 decimal places per 1M tokens");
      }
    }
    PriceOverride row =
        new PriceOverride(
            pattern,
            body.input(),
            body.output(),
            body.cacheRead(),
            body.cacheWrite(),
            body.reasoning(),
            null);
    pricing.put(project.id(), row);
    cache.invalidateAll();
    return pricing.list(project.id()).stream()
        .filter(o -> o.modelPattern().equals(pattern))
        .findFirst()
        .orElseThrow();
  }

  @DeleteMapping("/api/pricing")
  @Operation(summary = "Remove the project's override of a model pattern")
  Map<String, String> delete(CallerProject project, @RequestParam String modelPattern) {
    if (!pricing.delete(project.id(), modelPattern)) {
      throw new NotFoundException("no override for model pattern " + modelPattern);
    }
    cache.invalidateAll();
    return Map.of("deleted", modelPattern);
  }

  @PostMapping("/api/pricing/reprice")
  @Operation(
      summary =
          "Start re-pricing stored spans of [from, to) with the current catalog and overrides",
      description =
          "Answers 202 with the job and its Location (GET /api/pricing/reprice/jobs/{id}); the"
              + " job re-prices one chunk of hours per transaction. Spans that brought their own"
              + " cost or prices keep it; trace summaries and hourly rollups follow each chunk."
              + " from/to are widened to whole hours. One job per project at a time: while one is"
              + " queued or running, the answer is 409 with that job and its Location.")
  ResponseEntity<RepriceJob> reprice(CallerProject project, @RequestBody RepriceRequest body) {
    if (body == null || body.from() == null) {
      throw new BadParameterException("from", "from is required (ISO-8601 or epoch seconds)");
    }
    if (body.to() == null) {
      throw new BadParameterException("to", "to is required (ISO-8601 or epoch seconds)");
    }
    Instant from = TimeParam.parse("from", body.from()).truncatedTo(ChronoUnit.HOURS);
    Instant to = TimeParam.parse("to", body.to());
    Instant toHour = to.truncatedTo(ChronoUnit.HOURS);
    to = toHour.equals(to) ? to : toHour.plus(1, ChronoUnit.HOURS);
    if (!from.isBefore(to)) {
      throw new BadParameterException("to", "to must be after from");
    }
    Duration max = properties.reprice().maxRange();
    if (Duration.between(from, to).compareTo(max) > 0) {
      throw new BadParameterException(
          "from",
          "the range may not exceed " + max.toDays() + " days (lumina.query.reprice.max-range)");
    }
    RepriceJobs.Submitted submitted =
        jobs.submit(project.id(), from, to, properties.reprice().chunk(), Instant.now());
    RepriceJob job = submitted.job();
    URI location = URI.create("/api/pricing/reprice/jobs/" + job.id());
    if (!submitted.created()) {
      return ResponseEntity.status(HttpStatus.CONFLICT).location(location).body(job);
    }
    runner.wake();
    return ResponseEntity.accepted().location(location).body(job);
  }

  @GetMapping("/api/pricing/reprice/jobs/{id}")
  @Operation(summary = "A re-pricing job: status, chunks done of total, spans re-priced, error")
  RepriceJob repriceJob(CallerProject project, @PathVariable String id) {
    return jobs.find(project.id(), id)
        .orElseThrow(() -> new NotFoundException("no re-pricing job " + id));
  }

  private static String field(String message) {
    for (String f : List.of("cacheRead", "cacheWrite", "reasoning", "input", "output")) {
      if (message.startsWith(f + " ")) {
        return f;
      }
    }
    return "input";
  }
}
