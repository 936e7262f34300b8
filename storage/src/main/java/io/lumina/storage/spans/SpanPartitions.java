package io.lumina.storage.spans;

import java.time.LocalDate;
import java.util.Collection;

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
}
