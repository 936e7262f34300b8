package io.lumina.worker.cost;

import io.lumina.pricing.ModelPrice;
import io.lumina.pricing.OverridePrices;
import io.lumina.pricing.ProjectPrices;
import io.lumina.storage.pricing.PriceOverrideStore;
import io.lumina.worker.consume.DatabaseUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Every project's price overrides, held in memory as an {@link OverridePrices} and reloaded from
 * the {@link PriceOverrideStore} when older than the refresh interval, so a price set through the
 * API applies within that interval on every replica without a query per span.
 *
 * <p>Before the first successful load nothing can be priced correctly, so {@link #find} throws
 * {@link PricesUnavailableException} and the worker retries the batch later instead of pricing with
 * the catalog what a project meant to price otherwise. After that, a failed reload keeps the last
 * good snapshot (stale by at most one outage) and tries again on the next lookup after the
 * interval.
 */
public final class CachedProjectPrices implements ProjectPrices {
  private static final Logger log = LoggerFactory.getLogger(CachedProjectPrices.class);

  private final PriceOverrideStore store;
  private final Clock clock;
  private final Duration refresh;
  private final ReentrantLock loading = new ReentrantLock();
  private volatile OverridePrices current;
  private volatile Instant loadedAt = Instant.MIN;

  public CachedProjectPrices(PriceOverrideStore store, Clock clock, Duration refresh) {
    this.store = store;
    this.clock = clock;
    this.refresh = refresh;
  }

  @Override
  public Optional<ModelPrice> find(String projectId, String model) {
    OverridePrices prices = current;
    if (prices == null || clock.instant().isAfter(loadedAt.plus(refresh))) {
      prices = refresh(prices);
    }
    return prices.find(projectId, model);
  }

  /** Reloads now, whatever the age of the snapshot; for tests and for callers that just wrote. */
  public void reload() {
    OverridePrices loaded = store.allProjects();
    current = loaded;
    loadedAt = clock.instant();
  }

  private OverridePrices refresh(OverridePrices stale) {
    if (stale != null && !loading.tryLock()) {
      return stale; // another thread is reloading; this lookup can use the snapshot
    }
    if (stale == null) {
      loading.lock();
    }
    try {
      if (current != stale) {
        return current; // reloaded while we waited
      }
      reload();
      return current;
    } catch (DataAccessException e) {
      if (stale == null) {
        throw new PricesUnavailableException(
            "project price overrides cannot be loaded: " + e.getMessage(), e);
      }
      log.warn(
          "reloading project price overrides failed, keeping the loaded ones: {}", e.getMessage());
      loadedAt = clock.instant(); // retry after one interval, not on every span
      return stale;
    } finally {
      loading.unlock();
    }
  }

  /** The overrides were never loaded: pricing now could silently use the wrong price. */
  public static final class PricesUnavailableException extends DatabaseUnavailableException {
    PricesUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
