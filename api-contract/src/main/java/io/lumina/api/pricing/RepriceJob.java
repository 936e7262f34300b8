package io.lumina.api.pricing;

import java.time.Instant;

/**
 * A re-pricing job, as {@code POST /api/pricing/reprice} answers it and {@code GET
 * /api/pricing/reprice/jobs/{id}} shows it.
 *
 * @param id the job's id ({@code rpj_} and 16 hex digits)
 * @param status {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 * @param from the first hour re-priced (inclusive, a whole UTC hour)
 * @param to the end of the range (exclusive, a whole UTC hour)
 * @param catalogVersion the catalog version the chunks done so far used; null before the first
 * @param chunksDone chunks of hours re-priced and committed
 * @param chunksTotal chunks in the range
 * @param spansExamined spans looked at in the chunks done
 * @param spansRepriced spans whose cost, source or unpriced reason changed
 * @param tracesUpdated trace summaries recomputed
 * @param error why the job failed; null unless {@code failed}
 * @param createdAt when the job was requested
 * @param startedAt when an instance first claimed it
 * @param finishedAt when it succeeded or failed
 */
public record RepriceJob(
    String id,
    String status,
    Instant from,
    Instant to,
    String catalogVersion,
    int chunksDone,
    int chunksTotal,
    long spansExamined,
    long spansRepriced,
    long tracesUpdated,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {}
