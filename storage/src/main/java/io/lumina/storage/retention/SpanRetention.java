package io.lumina.storage.retention;

import java.time.LocalDate;
import java.util.List;

/** Removes what is older than the retention: spans, trace summaries and hourly rollups. */
public interface SpanRetention {

  /**
   * Removes everything that started before {@code cutoff} (midnight UTC): whole day partitions of
   * spans, and the trace summaries and rollups of those days. Acts on one replica at a time; the
   * others skip.
   */
  Result deleteBefore(LocalDate cutoff);

  /**
   * What one run did; {@code skipped} when another replica was running it (or the caller keeps
   * everything).
   */
  record Result(
      boolean skipped,
      LocalDate cutoff,
      List<String> droppedPartitions,
      int deletedTraces,
      int deletedRollups,
      int deletedSketches) {

    public static Result skipped(LocalDate cutoff) {
      return new Result(true, cutoff, List.of(), 0, 0, 0);
    }
  }
}
