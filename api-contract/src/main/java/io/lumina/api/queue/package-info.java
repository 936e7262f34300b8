/**
 * The worker's admin API over the span queue's dead letters (docs/worker.md#dead-letters): listed,
 * shown and replayed by {@code ./lumina dead-letters} and operators' scripts.
 */
package io.lumina.api.queue;
