package io.lumina.sdk;

/**
 * What the SDK did with the spans it recorded, since {@link Lumina#init}. A snapshot: each counter
 * is read on its own.
 *
 * @param exportedSpans spans the endpoint accepted
 * @param failedExportSpans spans given up after the exporter's retries (endpoint down, 4xx...)
 * @param bufferedSpans spans of traces the sampling rate dropped, held until their local root ends
 * @param bufferedBytes their estimated size
 * @param peakBufferedSpans the most spans held at once
 * @param peakBufferedBytes the most bytes held at once
 * @param keptTraces traces the rate dropped and a condition kept (errors, cost, listed user)
 * @param sampledOutTraces traces the rate dropped whose local root ended with no condition matched
 * @param timedOutTraces traces dropped because their local root did not end within the timeout
 * @param droppedSpans spans lost to the buffer's bounds or timeout (timed out, evicted to stay
 *     within the bounds, or arriving faster than the buffer could take them)
 */
public record LuminaStats(
    long exportedSpans,
    long failedExportSpans,
    long bufferedSpans,
    long bufferedBytes,
    long peakBufferedSpans,
    long peakBufferedBytes,
    long keptTraces,
    long sampledOutTraces,
    long timedOutTraces,
    long droppedSpans) {}
