package io.lumina.worker.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates every enabled alert rule: current window {@code [now - window, now)} against the
 * baseline, the same measure over the {@code baselinePeriod} (7 days) before the window. Cost
 * compares cost per hour; the others compare the measure itself.
 *
 * <p>One replica at a time: a tick runs only while it holds a session-level PostgreSQL advisory
 * lock ({@code pg_try_advisory_lock}) on a connection of its own; a replica that dies releases it
 * with its connection. Episodes: a breach opens an alert (unless the rule already has an open one:
 * at most one per rule, enforced by a unique index) and queues "trigger" deliveries in the same
 * transaction; while it holds the alert is only refreshed; when it clears the alert resolves and
 * "resolve" deliveries are queued. An open alert whose rule is deleted or disabled resolves too.
 * Too few spans in the window or the baseline leave the state unchanged, except that a cost alert
 * whose window has become quiet resolves (no cost is a real measurement).
 */
@Component
public class AlertEvaluator {
  private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

  private final AlertStore alerts;
  private final WindowStats stats;
  private final AlertsProperties properties;
  private final DataSource dataSource;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final Map<String, CachedBaseline> baselines = new ConcurrentHashMap<>();
  private final AtomicInteger leader = new AtomicInteger();
  private final Counter evaluations;
  private final MeterRegistry meters;

  private record CachedBaseline(
      Instant computedAt, Instant ruleUpdatedAt, WindowStats.Stats stats) {}

  /** How one rule came out. */
  enum Outcome {
    FIRED,
    HOLDING,
    RESOLVED,
    CLEAR,
    INSUFFICIENT_DATA
  }

  AlertEvaluator(
      AlertStore alerts,
      WindowStats stats,
      AlertsProperties properties,
      DataSource dataSource,
      TransactionTemplate transactions,
      Clock clock,
      MeterRegistry meters) {
    this.alerts = alerts;
    this.stats = stats;
    this.properties = properties;
    this.dataSource = dataSource;
    this.transactions = transactions;
    this.clock = clock;
    this.meters = meters;
    Gauge.builder("lumina.alerts.evaluator.leader", leader, AtomicInteger::get)
        .description("1 while this replica is the one evaluating alert rules")
        .register(meters);
    this.evaluations =
        Counter.builder("lumina.alerts.evaluations")
            .description("evaluation ticks run")
            .register(meters);
  }

  /**
   * One tick over all enabled rules, if this replica wins the lock.
   *
   * @return false when another replica holds the lock (nothing was evaluated)
   */
  public boolean evaluateOnce() {
    try (Connection lock = dataSource.getConnection()) {
      if (!advisory(lock, "SELECT pg_try_advisory_lock(?)")) {
        leader.set(0);
        return false;
      }
      leader.set(1);
      try {
        Instant now = clock.instant();
        for (AlertRule rule : alerts.enabledRules()) {
          try {
            transactions.executeWithoutResult(tx -> evaluate(rule, now));
          } catch (RuntimeException e) {
            log.warn("evaluating alert rule {} failed: {}", rule.id(), e.toString());
          }
        }
        for (AlertStore.OpenAlert orphan : alerts.orphaned()) {
          transactions.executeWithoutResult(
              tx -> {
                if (alerts.resolve(orphan.id(), now)) {
                  alerts.enqueue(
                      orphan.id(), orphan.projectId(), orphan.serviceName(), "resolve", now);
                  log.info("alert {} resolved: its rule was deleted or disabled", orphan.id());
                }
              });
        }
        evaluations.increment();
        return true;
      } finally {
        advisory(lock, "SELECT pg_advisory_unlock(?)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take the evaluator lock: " + e.getMessage(), e);
    }
  }

  Outcome evaluate(AlertRule rule, Instant now) {
    Instant windowStart = now.minus(rule.window());
    WindowStats.Stats current = stats.measure(rule, windowStart, now);
    WindowStats.Stats baseline = baseline(rule, windowStart, now);
    Optional<AlertStore.OpenAlert> open = alerts.openAlert(rule.id());

    double windowHours = rule.window().toSeconds() / 3600.0;
    double currentValue =
        rule.kind() == RuleKind.COST_SPIKE ? current.value() / windowHours : current.value();
    double baselineValue = baselineValue(rule, baseline, windowStart);
    boolean baselineUsable =
        baseline.samples() >= properties.minBaselineSamples() && baselineValue > 0
            || rule.kind() == RuleKind.ERROR_RATE
                && baseline.samples() >= properties.minBaselineSamples();
    int minSamples = rule.minSamples() != null ? rule.minSamples() : properties.minSamples();
    if (!baselineUsable) {
      open.ifPresent(a -> alerts.touch(a.id(), now));
      return Outcome.INSUFFICIENT_DATA;
    }
    boolean breached = rule.kind().breached(baselineValue, currentValue, rule.threshold());
    Double changePct = rule.kind().changePct(baselineValue, currentValue);
    if (current.samples() < minSamples && (breached || rule.kind() != RuleKind.COST_SPIKE)) {
      open.ifPresent(a -> alerts.touch(a.id(), now));
      return Outcome.INSUFFICIENT_DATA;
    }
    if (breached) {
      if (open.isPresent()) {
        alerts.refresh(open.get().id(), currentValue, changePct, current.samples(), now);
        return Outcome.HOLDING;
      }
      String endpoint =
          rule.endpoint() != null
              ? rule.endpoint()
              : stats.worstEndpoint(rule, windowStart, now).orElse(null);
      AlertStore.Measurement m =
          new AlertStore.Measurement(
              endpoint,
              baselineValue,
              currentValue,
              changePct,
              current.samples(),
              baseline.samples(),
              rule.kind().title,
              AlertText.summary(rule, endpoint, baselineValue, currentValue, changePct));
      Optional<String> fired = alerts.fire(rule, m, now);
      if (fired.isEmpty()) {
        return Outcome.HOLDING;
      }
      int deliveries =
          alerts.enqueue(fired.get(), rule.projectId(), rule.serviceName(), "trigger", now);
      meters.counter("lumina.alerts.fired", "kind", rule.kind().wire).increment();
      log.info(
          "alert {} fired: {} for {} (rule {}), {} deliveries queued",
          fired.get(),
          rule.kind().wire,
          rule.serviceName(),
          rule.id(),
          deliveries);
      return Outcome.FIRED;
    }
    if (open.isPresent() && alerts.resolve(open.get().id(), now)) {
      alerts.enqueue(open.get().id(), rule.projectId(), rule.serviceName(), "resolve", now);
      meters.counter("lumina.alerts.resolved", "kind", rule.kind().wire).increment();
      log.info(
          "alert {} resolved: {} for {} cleared",
          open.get().id(),
          rule.kind().wire,
          rule.serviceName());
      return Outcome.RESOLVED;
    }
    return Outcome.CLEAR;
  }

  private WindowStats.Stats baseline(AlertRule rule, Instant windowStart, Instant now) {
    CachedBaseline cached = baselines.get(rule.id());
    if (cached != null
        && cached.ruleUpdatedAt().equals(rule.updatedAt())
        && Duration.between(cached.computedAt(), now).compareTo(properties.baselineRefresh()) < 0
        && !now.isBefore(cached.computedAt())) {
      return cached.stats();
    }
    WindowStats.Stats fresh =
        stats.measure(rule, windowStart.minus(properties.baselinePeriod()), windowStart);
    // A baseline too thin to alert on is not kept: history may be arriving right now (a new
    // service, a
    // backfill), and caching "not enough data" would delay the first alert by up to
    // baselineRefresh.
    if (fresh.samples() >= properties.minBaselineSamples()) {
      baselines.put(rule.id(), new CachedBaseline(now, rule.updatedAt(), fresh));
    } else {
      baselines.remove(rule.id());
    }
    return fresh;
  }

  // Cost per hour of the time the service was seen in the baseline period (at least one window).
  private static double baselineValue(
      AlertRule rule, WindowStats.Stats baseline, Instant windowStart) {
    if (rule.kind() != RuleKind.COST_SPIKE) {
      return baseline.value();
    }
    if (baseline.firstSeen() == null) {
      return 0;
    }
    double seconds =
        Math.max(
            Duration.between(baseline.firstSeen(), windowStart).toSeconds(),
            rule.window().toSeconds());
    return baseline.value() / (seconds / 3600.0);
  }

  /** Forgets cached baselines (tests that rewrite history; rule edits invalidate on their own). */
  void forgetBaselines() {
    baselines.clear();
  }

  private boolean advisory(Connection connection, String sql) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, properties.lockKey());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
