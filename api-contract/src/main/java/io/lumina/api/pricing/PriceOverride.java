package io.lumina.api.pricing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A project's price for a model pattern, USD per 1M tokens; null cache and reasoning prices fall
 * back to the input price.
 */
public record PriceOverride(
    String modelPattern,
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    BigDecimal reasoning,
    Instant updatedAt) {}
