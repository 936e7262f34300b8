/**
 * Streaming every span of a range, in bounded memory ({@link
 * io.lumina.storage.export.SpanExportReader}).
 */
package io.lumina.storage.export;
