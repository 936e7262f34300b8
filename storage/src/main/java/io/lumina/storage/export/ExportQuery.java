package io.lumina.storage.export;

import java.time.Instant;

/**
 * The spans of one project that started in [from, to), optionally of one service.
 *
 * @param from null: from the start
 * @param to null: to the end
 * @param service null: every service
 */
public record ExportQuery(String projectId, Instant from, Instant to, String service) {}
