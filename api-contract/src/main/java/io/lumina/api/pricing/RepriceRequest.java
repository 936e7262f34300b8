package io.lumina.api.pricing;

/** The body of {@code POST /api/pricing/reprice}: ISO-8601 or epoch seconds. */
public record RepriceRequest(String from, String to) {}
