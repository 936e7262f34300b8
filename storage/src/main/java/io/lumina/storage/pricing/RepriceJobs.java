package io.lumina.storage.pricing;

import io.lumina.api.pricing.RepriceJob;
import io.lumina.pricing.PriceCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Re-pricing jobs (table {@code reprice_jobs}): recorded by the API, run chunk by chunk by
 * whichever instance holds the job's lease, one unfinished job per project.
 */
public interface RepriceJobs {

  /**
   * Records a job for {@code [from, to)} (whole UTC hours) in chunks of {@code chunk}, unless the
   * project already has an unfinished one.
   *
   * @return the new job, or the project's unfinished job with {@code created} false
   */
  Submitted submit(String projectId, Instant from, Instant to, Duration chunk, Instant now);

  /** The outcome of {@link #submit}. */
  record Submitted(RepriceJob job, boolean created) {}

  /** One of the project's jobs; empty for another project's. */
  Optional<RepriceJob> find(String projectId, String jobId);

  /**
   * Claims the oldest unfinished job that no instance holds (no lease, or its lease ended before
   * {@code now}) for {@code owner} until {@code now + lease}, and marks it running.
   */
  Optional<RepriceJob> claim(String owner, Instant now, Duration lease);

  /**
   * Re-prices the next chunk of a job {@code owner} holds and records the progress in the same
   * transaction, extending the lease to {@code now + lease}; the last chunk marks the job
   * succeeded.
   *
   * @return the job after the chunk; empty when {@code owner} no longer holds it (the lease ended
   *     and another instance took it, or it finished), in which case nothing was changed
   */
  Optional<RepriceJob> runChunk(
      String owner, String jobId, PriceCatalog catalog, Instant now, Duration lease);

  /** Marks a job {@code owner} holds failed with {@code error}. */
  void fail(String owner, String jobId, String error, Instant now);

  /**
   * Ends {@code owner}'s lease on a job at once (shutting down), so another instance resumes it.
   */
  void release(String owner, String jobId);
}
