package io.lumina.replay.runs;

import io.lumina.storage.replay.ReplayRun;
import io.lumina.storage.replay.ReplayRunStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Resumes, at start, the runs a previous process left queued or running (a crash, a deploy): their
 * items without a result are called, items already recorded are not called again (each result is
 * committed on its own, and a duplicate insert is ignored). {@code resumedCount} on the run shows
 * it happened. Assumes one replay-engine replica: two would both resume the same run (results stay
 * unique per item, but calls would be doubled).
 */
@Component
class RunResumer {
  private static final Logger log = LoggerFactory.getLogger(RunResumer.class);

  private final ReplayRunStore runs;
  private final RunExecutor executor;

  RunResumer(ReplayRunStore runs, RunExecutor executor) {
    this.runs = runs;
    this.executor = executor;
  }

  @EventListener(ApplicationReadyEvent.class)
  void resumeUnfinished() {
    List<ReplayRun> unfinished = runs.unfinished();
    for (ReplayRun run : unfinished) {
      if (!executor.executing(run.id())) {
        log.info("resuming replay run {} of set {}", run.id(), run.setId());
        executor.start(run, true);
      }
    }
  }
}
