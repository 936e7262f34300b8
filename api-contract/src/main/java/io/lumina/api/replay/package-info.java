/**
 * The replay engine's REST contract (docs/replay.md): replay sets, runs, their summaries and diffs,
 * the providers a run can name, and the two request bodies. The engine serializes these records and
 * the dashboard's {@code ReplayClient} reads the same ones.
 */
package io.lumina.api.replay;
