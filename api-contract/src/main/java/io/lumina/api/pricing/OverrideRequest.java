package io.lumina.api.pricing;

import java.math.BigDecimal;

/**
 * The body of {@code PUT /api/pricing}: USD per 1M tokens; cache and reasoning prices are optional.
 */
public record OverrideRequest(
    String modelPattern,
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    BigDecimal reasoning) {}
