package io.lumina.storage.replay;

import io.lumina.api.replay.RunStatus;
import java.time.Instant;
import java.util.Collection;
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
   * Queued or running runs that no engine holds (no lease, or the lease ended before {@code now}),
   * oldest first, across all projects: resuming them is the engine's own work, not a caller's. Each
   * run carries its project, and everything done for it afterwards is scoped by that.
   */
  List<ReplayRun> unfinished(Instant now);

  /**
   * Claims a queued or running run for {@code owner} until {@code leaseUntil} and moves it to
   * running: only when no other engine holds a lease on it that is still valid at {@code now}.
   *
   * @return false when it was cancelled or finished meanwhile, or another engine holds it
   */
  boolean claim(
      String projectId,
      String runId,
      String owner,
      Instant now,
      Instant leaseUntil,
      boolean resumed);

  /**
   * Extends the leases {@code owner} still holds among {@code runIds}.
   *
   * @return the ids whose lease was extended; the others were lost (taken over, or finished)
   */
  List<String> renew(String owner, Collection<String> runIds, Instant leaseUntil);

  /** Ends {@code owner}'s leases at once (shutting down), so another engine resumes the runs. */
  void release(String owner, Collection<String> runIds, Instant now);

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
