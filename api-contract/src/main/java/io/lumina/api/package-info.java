/**
 * The REST contract: one record per request or response shape of the query API and the replay
 * engine, in a package per feature ({@code traces}, {@code analytics}, {@code alerts}, {@code
 * pricing}, {@code replay}). The services serialize these records and the dashboard deserializes
 * the same records, so adding a field touches one file. See docs/api.md.
 */
package io.lumina.api;
