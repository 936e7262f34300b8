package io.lumina.storage.replay;

import io.lumina.api.replay.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Replay runs and their per-item results. Every method is scoped by project but {@link
 * #unfinished}, the engine's own work at start.
 */
public interface ReplayRunStore {

  /** The set's item count, or empty when the project has no such set. */
  Optional<Integer> setSize(String projectId, String setId);

  void insert(ReplayRun run);

  Optional<ReplayRun> find(String projectId, String runId);

  /** The newest run of a set. */
  Optional<ReplayRun> latestOfSet(String projectId, String setId);

  /**
   * Runs a previous process left queued or running, oldest first, across all projects: resuming at
   * start is the engine's own work, not a caller's. Each run carries its project, and everything
   * done for it afterwards is scoped by that.
   */
  List<ReplayRun> unfinished();

  /** Moves a queued or running run to running; false when it was cancelled meanwhile. */
  boolean markRunning(String projectId, String runId, Instant now, boolean resumed);

  /** Finishes a run that is still queued or running; a cancelled run stays cancelled. */
  boolean finish(String projectId, String runId, RunStatus status, String error, Instant now);

  /** The items of the run's set that have no result yet, in order. */
  List<RunItem> pendingItems(String projectId, String runId);

  /**
   * Records an item's outcome; a second result for the same item (a resumed run) changes nothing.
   */
  void insertResult(String projectId, String runId, ItemResult result);

  /** Every item of the run's set with its result (null when not replayed yet), in order. */
  List<ComparedItem> compared(String projectId, String runId);
}
