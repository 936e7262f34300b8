package io.lumina.worker.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.storage.alerts.ActiveRule;
import io.lumina.storage.alerts.AlertRuleStore;
import io.lumina.storage.alerts.AlertStore;
import io.lumina.storage.alerts.DeliveryStore;
import io.lumina.storage.alerts.Measurement;
import io.lumina.storage.alerts.OpenAlert;
import io.lumina.storage.alerts.WindowStats;
import io.lumina.storage.lock.LeaderLock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates every enabled alert rule: current window {@code [now - window, now)} against the
 * baseline, the same measure over the {@code baselinePeriod} (7 days) before the window. Cost
 * compares cost per hour; the others compare the measure itself.
 *
 * <p>One replica at a time: a tick runs only while it holds the {@link LeaderLock}. Episodes: a
 * breach opens an alert (unless the rule already has an open one: at most one per rule) and queues
 * "trigger" deliveries in the same transaction; while it holds the alert is only refreshed; when it
 * clears the alert resolves and "resolve" deliveries are queued. An open alert whose rule is
 * deleted or disabled resolves too. Too few spans in the window or the baseline leave the state
 * unchanged, except that a cost alert whose window has become quiet resolves (no cost is a real
 * measurement).
 */
@Component
public class AlertEvaluator {
  private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

  private final AlertRuleStore rules;
  private final AlertStore alerts;
  private final DeliveryStore deliveries;
  private final WindowStats stats;
  private final LeaderLock lock;
  private final AlertsProperties properties;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final Map<String, CachedBaseline> baselines = new ConcurrentHashMap<>();
  private final AtomicInteger leader = new AtomicInteger();
  private final Counter evaluations;
  private final MeterRegistry meters;

  private record CachedBaseline(
      Instant computedAt, Instant ruleUpdatedAt, WindowStats.Stats stats) {}

  /** How one rule came out. */
  public enum Outcome {
    FIRED,
    HOLDING,
    RESOLVED,
    CLEAR,
    INSUFFICIENT_DATA
  }

  /**
   * What one tick did.
   *
   * @param evaluated false when another replica holds the lock (nothing was evaluated)
   * @param outcomes by rule id, for the rules evaluated without an error
   * @param failures by rule id: why evaluating the rule failed (it is tried again next tick)
   */
  public record Evaluation(
      boolean evaluated, Map<String, Outcome> outcomes, Map<String, String> failures) {

    static final Evaluation NOT_LEADER = new Evaluation(false, Map.of(), Map.of());
  }

  AlertEvaluator(
      AlertRuleStore rules,
      AlertStore alerts,
      DeliveryStore deliveries,
      WindowStats stats,
      LeaderLock lock,
      AlertsProperties properties,
      TransactionTemplate transactions,
      Clock clock,
      MeterRegistry meters) {
    this.rules = rules;
    this.alerts = alerts;
    this.deliveries = deliveries;
    this.stats = stats;
    this.lock = lock;
    this.properties = properties;
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

  /** One tick over all enabled rules, if this replica wins the lock. */
  public Evaluation evaluateOnce() {
    Optional<Evaluation> tick = lock.callIfLeader(properties.lockKey(), this::evaluateAll);
    leader.set(tick.isPresent() ? 1 : 0);
    return tick.orElse(Evaluation.NOT_LEADER);
  }

  private Evaluation evaluateAll() {
    Instant now = clock.instant();
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (ActiveRule rule : rules.enabledRules()) {
      try {
        outcomes.put(rule.id(), transactions.execute(tx -> evaluate(rule, now)));
      } catch (RuntimeException e) {
        log.warn("evaluating alert rule {} failed: {}", rule.id(), e.toString());
        failures.put(rule.id(), e.toString());
      }
    }
    for (OpenAlert orphan : alerts.orphaned()) {
      transactions.executeWithoutResult(
          tx -> {
            if (alerts.resolve(orphan.id(), now)) {
              deliveries.queue(
                  orphan.id(), orphan.projectId(), orphan.serviceName(), "resolve", now);
              log.info("alert {} resolved: its rule was deleted or disabled", orphan.id());
            }
          });
    }
    evaluations.increment();
    return new Evaluation(true, Map.copyOf(outcomes), Map.copyOf(failures));
  }

  Outcome evaluate(ActiveRule rule, Instant now) {
    Instant windowStart = now.minus(rule.window());
    WindowStats.Stats current = stats.measure(rule, windowStart, now);
    WindowStats.Stats baseline = baseline(rule, windowStart, now);
    Optional<OpenAlert> open = alerts.openAlert(rule.id());

    double windowHours = rule.window().toSeconds() / 3600.0;
    double currentValue =
        rule.kind().totalPerHour() ? current.value() / windowHours : current.value();
    double baselineValue = baselineValue(rule, baseline, windowStart);
    // a relative change needs a baseline above zero; a change in points does not
    boolean baselineUsable =
        baseline.samples() >= properties.minBaselineSamples() && baselineValue > 0
            || rule.kind().change() == AlertKind.Change.ABSOLUTE_INCREASE
                && baseline.samples() >= properties.minBaselineSamples();
    int minSamples = rule.minSamples() != null ? rule.minSamples() : properties.minSamples();
    if (!baselineUsable) {
      open.ifPresent(a -> alerts.touch(a.id(), now));
      return Outcome.INSUFFICIENT_DATA;
    }
    boolean breached = rule.kind().breached(baselineValue, currentValue, rule.threshold());
    Double changePct = rule.kind().changePct(baselineValue, currentValue);
    if (current.samples() < minSamples && (breached || !rule.kind().totalPerHour())) {
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
      Measurement m =
          new Measurement(
              endpoint,
              baselineValue,
              currentValue,
              changePct,
              current.samples(),
              baseline.samples(),
              rule.kind().title(),
              AlertText.summary(rule, endpoint, baselineValue, currentValue, changePct));
      Optional<String> fired = alerts.fire(rule, m, now);
      if (fired.isEmpty()) {
        return Outcome.HOLDING;
      }
      int queued =
          deliveries.queue(fired.get(), rule.projectId(), rule.serviceName(), "trigger", now);
      meters.counter("lumina.alerts.fired", "kind", rule.kind().wire()).increment();
      log.info(
          "alert {} fired: {} for {} (rule {}), {} deliveries queued",
          fired.get(),
          rule.kind().wire(),
          rule.serviceName(),
          rule.id(),
          queued);
      return Outcome.FIRED;
    }
    if (open.isPresent() && alerts.resolve(open.get().id(), now)) {
      deliveries.queue(open.get().id(), rule.projectId(), rule.serviceName(), "resolve", now);
      meters.counter("lumina.alerts.resolved", "kind", rule.kind().wire()).increment();
      log.info(
          "alert {} resolved: {} for {} cleared",
          open.get().id(),
          rule.kind().wire(),
          rule.serviceName());
      return Outcome.RESOLVED;
    }
    return Outcome.CLEAR;
  }

  private WindowStats.Stats baseline(ActiveRule rule, Instant windowStart, Instant now) {
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
    // service, a backfill), and caching "not enough data" would delay the first alert by up to
    // baselineRefresh.
    if (fresh.samples() >= properties.minBaselineSamples()) {
      baselines.put(rule.id(), new CachedBaseline(now, rule.updatedAt(), fresh));
    } else {
      baselines.remove(rule.id());
    }
    return fresh;
  }

  // A total per hour of the time the service was seen in the baseline period (at least one window).
  private static double baselineValue(
      ActiveRule rule, WindowStats.Stats baseline, Instant windowStart) {
    if (!rule.kind().totalPerHour()) {
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
}
