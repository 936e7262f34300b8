package io.lumina.replay.runs;

import io.lumina.api.replay.RunStatus;
import io.lumina.storage.replay.ReplayRun;
import io.lumina.storage.replay.ReplayRunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Resumes the runs no engine holds: at start, and every half lease after, the queued or running
 * runs whose lease ended (an engine that crashed, or one that shut down in a rolling update and
 * ended its leases) are claimed and executed here. Their items without a result are called; items
 * already recorded are not called again (each result is committed on its own, and a duplicate
 * insert is ignored). A run still leased by a live engine is left alone, so two replicas never run
 * the same items. {@code resumedCount} on the run shows it happened. A queued run that was never
 * claimed is left to the engine that created it for one lease, since that engine is starting it.
 */
@Component
class RunResumer implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(RunResumer.class);

  private final ReplayRunStore runs;
  private final RunExecutor executor;
  private final Clock clock;
  private final Duration lease;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("replay-resume").daemon().factory());

  RunResumer(ReplayRunStore runs, RunExecutor executor, Clock clock, RunLeaseProperties leases) {
    this.runs = runs;
    this.executor = executor;
    this.clock = clock;
    this.lease = leases.lease();
  }

  @EventListener(ApplicationReadyEvent.class)
  void started() {
    resumeUnfinished();
    long every = Math.max(lease.toMillis() / 2, 100);
    timer.scheduleWithFixedDelay(this::resumeQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  void resumeUnfinished() {
    Instant now = clock.instant();
    for (ReplayRun run : runs.unfinished(now)) {
      boolean justCreated =
          run.status() == RunStatus.QUEUED && run.createdAt().isAfter(now.minus(lease));
      if (!justCreated && !executor.executing(run.id())) {
        log.info("resuming replay run {} of set {}", run.id(), run.setId());
        executor.start(run, true);
      }
    }
  }

  private void resumeQuietly() {
    try {
      resumeUnfinished();
    } catch (RuntimeException e) {
      log.warn("could not look for replay runs to resume", e);
    }
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
