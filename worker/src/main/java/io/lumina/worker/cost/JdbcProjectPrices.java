package io.lumina.worker.cost;

import io.lumina.pricing.ModelPrice;
import io.lumina.pricing.OverridePrices;
import io.lumina.pricing.ProjectPrices;
import io.lumina.pricing.TokenRates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project price overrides of table {@code pricing_overrides}, held in memory as an {@link
 * OverridePrices} and reloaded when older than the refresh interval, so a price set through the API
 * applies within that interval on every replica without a query per span.
 *
 * <p>Before the first successful load nothing can be priced correctly, so {@link #find} throws
 * {@link PricesUnavailableException} and the worker retries the batch later instead of pricing with
 * the catalog what a project meant to price otherwise. After that, a failed reload keeps the last
 * good snapshot (stale by at most one outage) and tries again on the next lookup after the
 * interval. Rows that fail validation (a pattern that no longer compiles) are skipped with a
 * warning.
 */
public final class JdbcProjectPrices implements ProjectPrices {
  private static final Logger log = LoggerFactory.getLogger(JdbcProjectPrices.class);

  private static final String LOAD =
      """
      SELECT project_id, model_pattern, input_per_1m, output_per_1m, cache_read_per_1m,
             cache_write_per_1m, reasoning_per_1m
      FROM pricing_overrides""";

  private final DataSource dataSource;
  private final Clock clock;
  private final Duration refresh;
  private final ReentrantLock loading = new ReentrantLock();
  private volatile OverridePrices current;
  private volatile Instant loadedAt = Instant.MIN;

  public JdbcProjectPrices(DataSource dataSource, Clock clock, Duration refresh) {
    this.dataSource = dataSource;
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
  public void reload() throws SQLException {
    OverridePrices loaded = load();
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
    } catch (SQLException e) {
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

  private OverridePrices load() throws SQLException {
    List<OverridePrices.Override> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(LOAD);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String project = rs.getString(1);
        String pattern = rs.getString(2);
        try {
          OverridePrices.compile(pattern);
          rows.add(
              new OverridePrices.Override(
                  project,
                  pattern,
                  ModelPrice.of(
                      TokenRates.perMillion(
                          rs.getBigDecimal(3),
                          rs.getBigDecimal(4),
                          rs.getBigDecimal(5),
                          rs.getBigDecimal(6),
                          rs.getBigDecimal(7)))));
        } catch (IllegalArgumentException e) {
          log.warn(
              "skipping price override {} of project {}: {}", pattern, project, e.getMessage());
        }
      }
    }
    return new OverridePrices(rows);
  }

  /** The overrides were never loaded: pricing now could silently use the wrong price. */
  public static final class PricesUnavailableException extends RuntimeException {
    PricesUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
