package io.lumina.api.alerts;

/**
 * The body of {@code POST} and {@code PUT /api/alert-rules}, as sent: the query API validates it
 * and names the field it refuses.
 *
 * @param kind an {@link AlertKind} wire name
 * @param window "1h", "30m" or ISO-8601 ("PT1H"), 1 minute to 1 day
 * @param enabled omitted: true
 */
public record AlertRuleRequest(
    String service,
    String endpoint,
    String kind,
    Double threshold,
    String window,
    Integer minSamples,
    Boolean enabled) {}
