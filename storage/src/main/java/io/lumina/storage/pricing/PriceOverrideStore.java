package io.lumina.storage.pricing;

import io.lumina.api.pricing.PriceOverride;
import io.lumina.pricing.OverridePrices;
import java.util.List;

/**
 * The projects' price overrides ({@code pricing_overrides}), set through the API and applied by the
 * worker, the repricer and replay runs.
 */
public interface PriceOverrideStore {

  /** A project's overrides, by pattern. */
  List<PriceOverride> list(String projectId);

  /**
   * A project's overrides, ready to match model names. A stored pattern that no longer compiles is
   * skipped with a warning.
   */
  OverridePrices prices(String projectId);

  /** Every project's overrides, ready to match model names; invalid patterns skipped likewise. */
  OverridePrices allProjects();

  /**
   * Inserts or replaces the override of {@code override.modelPattern()} (its {@code updatedAt} is
   * ignored: the store sets it).
   */
  void put(String projectId, PriceOverride override);

  /** Removes the override of a pattern; false when there was none. */
  boolean delete(String projectId, String modelPattern);
}
