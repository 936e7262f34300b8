-- The summaries are read by key, or walked newest first along traces_start_idx until a page of the
-- trace list is full; nothing reads the table whole. For a walk that probes each trace's spans (a
-- common span attribute, a common word) the planner at 10M spans chose a parallel walk with two
-- workers, and each worker is a new backend that first loads the catalog entries of every spans
-- partition and index: 84-102 ms against 15-22 ms for the same walk without them
-- (docs/performance.md, "Parallel workers and the trace list").
ALTER TABLE traces SET (parallel_workers = 0);
