package io.lumina.replay.runs;

import io.lumina.api.replay.RunStatus;
import io.lumina.model.Cost;
import io.lumina.pricing.CostCalculator;
import io.lumina.replay.providers.ChatRequest;
import io.lumina.replay.providers.ChatResult;
import io.lumina.replay.providers.LlmProvider;
import io.lumina.replay.providers.LlmProviders;
import io.lumina.replay.providers.ProviderCallException;
import io.lumina.replay.providers.ReplayProperties;
import io.lumina.similarity.ExactHashScorer;
import io.lumina.similarity.SimilarityScorer;
import io.lumina.storage.replay.ItemResult;
import io.lumina.storage.replay.ReplayRun;
import io.lumina.storage.replay.ReplayRunStore;
import io.lumina.storage.replay.RunItem;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Executes runs in the background: one coordinator per run hands the items that have no result yet
 * to virtual threads, at most {@code lumina.replay.concurrency} calls in flight per run. Each
 * item's outcome is committed as soon as it is known, so progress is live and a restart loses at
 * most the calls in flight.
 *
 * <p>Per item: up to {@code max-attempts} calls; 429 waits for {@code Retry-After} (when it is at
 * most {@code max-retry-wait}, else the item is recorded as rate_limited at once), 5xx and
 * connection failures back off exponentially from {@code retry-backoff}; timeouts and other 4xx are
 * recorded without retry. A failed item never fails the run: a provider outage gives a completed
 * run of failed items.
 *
 * <p>Cancel interrupts the calls in flight (their items stay without a result) and starts no more.
 * Shutdown does the same but leaves the run {@code running} and ends its lease, so another engine
 * (or the next start) resumes it.
 *
 * <p>A run executes under a database lease ({@code lumina.replay.runs.lease}) that this executor
 * claims before the first call and renews every third of the lease while the run executes; another
 * engine takes the run over only after the lease ended, so two replicas never run the same items. A
 * run whose lease this executor lost (it could not renew in time, and another engine took over)
 * stops here.
 */
@Component
class RunExecutor implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

  private final ReplayRunStore runs;
  private final LlmProviders providers;
  private final Scorers scorers;
  private final RunPricing pricing;
  private final ReplayProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final ExactHashScorer exact = new ExactHashScorer();
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("replay-", 0).factory());
  private final Map<String, Execution> active = new ConcurrentHashMap<>();
  private final Duration lease;
  private final String owner;
  private final ScheduledExecutorService renewer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("replay-lease").daemon().factory());

  RunExecutor(
      ReplayRunStore runs,
      LlmProviders providers,
      Scorers scorers,
      RunPricing pricing,
      ReplayProperties properties,
      RunLeaseProperties leases,
      Clock clock,
      MeterRegistry meters) {
    this.runs = runs;
    this.providers = providers;
    this.scorers = scorers;
    this.pricing = pricing;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.lease = leases.lease();
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    this.owner = "replay-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    long every = Math.max(lease.toMillis() / 3, 100);
    renewer.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
  }

  /** The lease owner this executor writes on the runs it claims. */
  String owner() {
    return owner;
  }

  /** Extends the lease of every run executing here; stops the runs whose lease was lost. */
  void renewLeases() {
    if (active.isEmpty()) {
      return;
    }
    try {
      Set<String> ids = Set.copyOf(active.keySet());
      List<String> kept = runs.renew(owner, ids, clock.instant().plus(lease));
      for (String id : ids) {
        Execution e = active.get(id);
        if (!kept.contains(id) && e != null && e.claimed) {
          log.warn("replay run {} is no longer leased to this engine; stopping it here", id);
          e.cancel();
        }
      }
    } catch (RuntimeException ex) {
      log.warn("could not renew the leases of {} replay runs", active.size(), ex);
    }
  }

  /** One run executing in this process. */
  private static final class Execution {
    final ReplayRun run;
    final boolean resumed;
    final Set<Future<?>> calls = ConcurrentHashMap.newKeySet();
    volatile boolean cancelled;
    volatile boolean claimed;

    Execution(ReplayRun run, boolean resumed) {
      this.run = run;
      this.resumed = resumed;
    }

    void cancel() {
      cancelled = true;
      calls.forEach(f -> f.cancel(true));
    }
  }

  /** Starts the run unless it is already executing here. */
  void start(ReplayRun run, boolean resumed) {
    Execution execution = new Execution(run, resumed);
    if (active.putIfAbsent(run.id(), execution) == null) {
      threads.submit(() -> execute(execution));
    }
  }

  /** Stops the run's calls in this process; the caller marks it cancelled in the database. */
  void cancel(String runId) {
    Execution execution = active.get(runId);
    if (execution != null) {
      execution.cancel();
    }
  }

  boolean executing(String runId) {
    return active.containsKey(runId);
  }

  private void execute(Execution e) {
    ReplayRun run = e.run;
    try {
      var now = clock.instant();
      if (!runs.claim(run.projectId(), run.id(), owner, now, now.plus(lease), e.resumed)) {
        return; // cancelled before it started, or another engine holds it
      }
      e.claimed = true;
      LlmProvider provider = providers.find(run.provider()).orElse(null);
      SimilarityScorer scorer = scorers.find(run.scorer()).orElse(null);
      if (provider == null || scorer == null) {
        runs.finish(
            run.projectId(),
            run.id(),
            RunStatus.FAILED,
            provider == null
                ? "provider " + run.provider() + " is no longer configured"
                : "scorer " + run.scorer() + " is no longer available",
            clock.instant());
        return;
      }
      CostCalculator calculator = pricing.forProject(run.projectId());
      int concurrency = properties.concurrency();
      Semaphore permits = new Semaphore(concurrency);
      for (RunItem item : runs.pendingItems(run.projectId(), run.id())) {
        permits.acquire();
        if (e.cancelled) {
          permits.release();
          break;
        }
        e.calls.add(
            threads.submit(
                () -> {
                  try {
                    replay(e, item, provider, scorer, calculator);
                  } catch (RuntimeException ex) {
                    log.error(
                        "replay run {} item {} failed to record", run.id(), item.position(), ex);
                  } finally {
                    permits.release();
                  }
                }));
      }
      permits.acquire(concurrency); // every call has finished
      if (!e.cancelled) {
        runs.finish(run.projectId(), run.id(), RunStatus.COMPLETED, null, clock.instant());
      }
    } catch (InterruptedException ex) {
      // shutting down: the run stays running and resumes at the next start
      Thread.currentThread().interrupt();
    } catch (RejectedExecutionException ex) {
      // shutting down too (the executor is unbounded, it refuses only once closed): the run stays
      // running, its lease lapses, and an engine resumes the items without a result
      log.info("replay run {} stopped by shutdown; it resumes at the next start", run.id());
    } catch (RuntimeException ex) {
      log.error("replay run {} failed", run.id(), ex);
      runs.finish(
          run.projectId(),
          run.id(),
          RunStatus.FAILED,
          "internal error (" + ex.getClass().getSimpleName() + "); see the replay engine log",
          clock.instant());
    } finally {
      active.remove(run.id(), e);
    }
  }

  private void replay(
      Execution e,
      RunItem item,
      LlmProvider provider,
      SimilarityScorer scorer,
      CostCalculator calculator) {
    ReplayRun run = e.run;
    ChatRequest request;
    try {
      request = ItemRequests.build(item, run, provider.defaultModel(), properties.callTimeout());
    } catch (IllegalArgumentException ex) {
      record(
          run,
          provider,
          new ItemResult(
              item.position(),
              "error",
              null,
              null,
              null,
              null,
              null,
              "NONE",
              null,
              null,
              null,
              0,
              null,
              ex.getMessage()));
      return;
    }
    for (int attempt = 1; ; attempt++) {
      if (e.cancelled) {
        return;
      }
      long started = System.nanoTime();
      try {
        ChatResult answer = provider.complete(request);
        double latencyMs = (System.nanoTime() - started) / 1_000_000.0;
        Cost cost =
            RunPricing.price(
                calculator, run.projectId(), answer.model(), provider.protocol(), answer.usage());
        Double similarity;
        try {
          similarity = scorer.score(item.response(), answer.text());
        } catch (SimilarityScorer.ScoringException ex) {
          similarity = null; // the comparison is still useful without this score
        }
        record(
            run,
            provider,
            new ItemResult(
                item.position(),
                "ok",
                answer.model(),
                answer.text(),
                answer.usage().input(),
                answer.usage().output(),
                cost.usd(),
                cost.source().name(),
                latencyMs,
                similarity,
                exact.score(item.response(), answer.text()) == 1.0,
                attempt,
                200,
                null));
        return;
      } catch (ProviderCallException ex) {
        Duration wait = retryWait(ex, attempt);
        if (wait == null) {
          record(run, provider, failure(item, ex, attempt));
          return;
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          return; // cancelled or shutting down: the item stays pending
        }
      } catch (InterruptedException ex) {
        return;
      }
    }
  }

  /** How long to wait before the next attempt, or null when there is none. */
  private Duration retryWait(ProviderCallException ex, int attempt) {
    if (!ex.kind().retryable() || attempt >= properties.maxAttempts()) {
      return null;
    }
    if (ex.retryAfter() != null) {
      return ex.retryAfter().compareTo(properties.maxRetryWait()) <= 0 ? ex.retryAfter() : null;
    }
    Duration backoff = properties.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
    return backoff.compareTo(properties.maxRetryWait()) <= 0 ? backoff : properties.maxRetryWait();
  }

  private ItemResult failure(RunItem item, ProviderCallException ex, int attempts) {
    String status =
        switch (ex.kind()) {
          case RATE_LIMITED -> "rate_limited";
          case TIMEOUT -> "timeout";
          default -> "error";
        };
    String message = ex.getMessage();
    if (ex.kind() == ProviderCallException.Kind.RATE_LIMITED
        && ex.retryAfter() != null
        && ex.retryAfter().compareTo(properties.maxRetryWait()) > 0) {
      message +=
          " (Retry-After "
              + ex.retryAfter().toSeconds()
              + " s is over lumina.replay.max-retry-wait)";
    }
    return new ItemResult(
        item.position(),
        status,
        null,
        null,
        null,
        null,
        null,
        "NONE",
        null,
        null,
        null,
        attempts,
        ex.httpStatus(),
        message);
  }

  private void record(ReplayRun run, LlmProvider provider, ItemResult result) {
    runs.insertResult(run.projectId(), run.id(), result);
    meters
        .counter("lumina.replay.calls", "provider", provider.name(), "outcome", result.status())
        .increment();
  }

  @Override
  public void destroy() throws InterruptedException {
    renewer.shutdownNow();
    Set<String> executing = Set.copyOf(active.keySet());
    threads.shutdownNow();
    if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
      log.warn("replay calls still running after shutdown; their runs resume at the next start");
    }
    try {
      runs.release(owner, executing, clock.instant());
    } catch (RuntimeException e) {
      log.warn(
          "could not end the leases of {} replay runs; they resume when they expire",
          executing.size(),
          e);
    }
  }
}
