package io.lumina.storage.spans;

import java.time.Instant;

/**
 * A response-quality score decided before the span is stored, so the COPY writes the score columns
 * with the row and nothing rewrites it afterwards (docs/worker.md "Quality scoring").
 *
 * @param promptHash hash of the normalized prompt, null when the span has none
 * @param responseHash hash of the normalized response
 * @param similarity against the prompt's baseline; null for a first occurrence or no prompt
 * @param scorer the scorer's name
 * @param scoredAt when it was scored
 * @param degraded the similarity is below the service's threshold: an {@code ok} span is stored as
 *     {@code degraded}, and its trace summary and rollup count it so at insert
 */
public record SpanQuality(
    String promptHash,
    String responseHash,
    Double similarity,
    String scorer,
    Instant scoredAt,
    boolean degraded) {}
