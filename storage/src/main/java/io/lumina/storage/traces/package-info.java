/**
 * Reading traces and spans: {@link io.lumina.storage.traces.TraceReader} (the trace list, one trace
 * as a span tree, the most expensive traces) and {@link io.lumina.storage.traces.SpanReader} (the
 * span list), both with every filter of {@link io.lumina.storage.traces.SpanFilters} and keyset
 * pagination ({@link io.lumina.storage.traces.Cursor}). The rows are the REST contract's records.
 */
package io.lumina.storage.traces;
