/**
 * The replay engine's tables in PostgreSQL, behind two small interfaces: {@link
 * io.lumina.storage.replay.ReplaySetStore} (capture a set from a {@link
 * io.lumina.storage.replay.SpanSelection}, read sets and items) and {@link
 * io.lumina.storage.replay.ReplayRunStore} (runs, results, what is left to replay). Every query is
 * parameterized and scoped by project.
 */
package io.lumina.storage.replay;
