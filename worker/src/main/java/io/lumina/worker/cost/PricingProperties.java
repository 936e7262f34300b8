package io.lumina.worker.cost;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Pricing in the worker.
 *
 * @param overridesRefresh how long project price overrides ({@code pricing_overrides}, set through
 *     the API) are cached before being read again ({@code lumina.pricing.overrides-refresh},
 *     default 30s)
 */
@Validated
@ConfigurationProperties("lumina.pricing")
public record PricingProperties(@DefaultValue("30s") @NotNull Duration overridesRefresh) {}
