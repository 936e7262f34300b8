package io.lumina.query.catalog;

import io.lumina.api.pricing.RepriceJob;
import io.lumina.pricing.PriceCatalog;
import io.lumina.query.web.AggregateCache;
import io.lumina.query.web.QueryProperties;
import io.lumina.storage.pricing.RepriceJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Runs re-pricing jobs on one background thread of this instance: claims an unfinished job no
 * instance holds, runs it chunk by chunk (each chunk extends the lease), and looks again every
 * {@code lumina.query.reprice.poll-interval} or at once when this instance accepted a request. A
 * chunk that deadlocked with a writer is tried again a few times; any other failure marks the job
 * failed with its message. Stopping hands the job back (lease ended) so another instance resumes it
 * at its next chunk; an instance that dies keeps it only until its lease ends.
 */
@Component
class RepriceJobRunner implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(RepriceJobRunner.class);
  private static final int TRIES_PER_CHUNK = 5;

  private final RepriceJobs jobs;
  private final PriceCatalog catalog;
  private final AggregateCache cache;
  private final Duration lease;
  private final Duration pollInterval;
  private final String owner;
  private volatile ScheduledExecutorService executor;
  private volatile boolean stopping;

  RepriceJobRunner(
      RepriceJobs jobs, PriceCatalog catalog, AggregateCache cache, QueryProperties properties) {
    this.jobs = jobs;
    this.catalog = catalog;
    this.cache = cache;
    this.lease = properties.reprice().lease();
    this.pollInterval = properties.reprice().pollInterval();
    byte[] id = new byte[6];
    ThreadLocalRandom.current().nextBytes(id);
    this.owner = "query-api-" + HexFormat.of().formatHex(id);
  }

  @Override
  public synchronized void start() {
    stopping = false;
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("reprice-jobs").daemon().unstarted(r));
    executor.scheduleWithFixedDelay(
        this::runAvailable,
        pollInterval.toMillis(),
        pollInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Looks for a job now rather than at the next poll (the one thread runs one job at a time). */
  void wake() {
    ScheduledExecutorService current = executor;
    if (current != null && !stopping) {
      current.execute(this::runAvailable);
    }
  }

  @Override
  public synchronized void stop() {
    stopping = true;
    ScheduledExecutorService current = executor;
    if (current == null) {
      return;
    }
    current.shutdown();
    try {
      // a chunk in progress finishes (it is one transaction) and its job is handed back
      if (!current.awaitTermination(30, TimeUnit.SECONDS)) {
        current.shutdownNow();
      }
    } catch (InterruptedException e) {
      current.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }

  private void runAvailable() {
    try {
      while (!stopping) {
        Optional<RepriceJob> claimed = jobs.claim(owner, Instant.now(), lease);
        if (claimed.isEmpty()) {
          return;
        }
        run(claimed.get());
      }
    } catch (RuntimeException e) {
      // the database may be away for a while: the next poll tries again
      log.warn("re-pricing jobs: {}", e.toString());
    }
  }

  private void run(RepriceJob job) {
    int failures = 0;
    while (true) {
      if (stopping) {
        jobs.release(owner, job.id());
        return;
      }
      Optional<RepriceJob> after;
      try {
        after = jobs.runChunk(owner, job.id(), catalog, Instant.now(), lease);
      } catch (TransientDataAccessException e) {
        if (++failures < TRIES_PER_CHUNK) {
          continue;
        }
        fail(job, e);
        return;
      } catch (RuntimeException e) {
        fail(job, e);
        return;
      }
      failures = 0;
      if (after.isEmpty()) {
        log.info("re-pricing job {}: taken over by another instance", job.id());
        return;
      }
      cache.invalidateAll();
      String status = after.get().status();
      if (status.equals("succeeded") || status.equals("failed")) {
        return;
      }
    }
  }

  private void fail(RepriceJob job, RuntimeException e) {
    log.warn("re-pricing job {} failed", job.id(), e);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    jobs.fail(
        owner,
        job.id(),
        message.length() > 500 ? message.substring(0, 500) : message,
        Instant.now());
  }
}
