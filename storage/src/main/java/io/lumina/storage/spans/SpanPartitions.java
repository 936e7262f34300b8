package io.lumina.storage.spans;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * The day partitions of the span table (UTC days). The writer creates a missing partition on
 * demand; creating them ahead of time keeps the first spans of a day from waiting for DDL.
 */
public interface SpanPartitions {

  /**
   * Creates the partitions of these days that do not exist yet. Safe on every replica at once:
   * creation is idempotent and serialized in the database ({@code lumina_ensure_span_partition}).
   */
  void create(Collection<LocalDate> days);

  /**
   * Gathers planner statistics for the partitions that have had at least {@code minRows} rows
   * written but were never analyzed (by anyone, autovacuum included), and returns their names.
   * Without statistics the planner misjudges a new day's partition, the one every query reads
   * (docs/performance.md, "Statistics of a new day"). Safe on every replica at once.
   */
  List<String> analyzeNew(long minRows);
}
