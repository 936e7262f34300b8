package io.lumina.query.alerts;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The alerts API ({@code lumina.alerts.api.*}).
 *
 * @param pagerdutyEventsUrl the Events API v2 URL given to PagerDuty channels created without a URL
 * @param defaultLimit alerts listed when the request names no limit
 * @param maxLimit the most alerts one request may list
 */
@Validated
@ConfigurationProperties("lumina.alerts.api")
public record AlertsApiProperties(
    @DefaultValue("https://events.pagerduty.com/v2/enqueue") @NotBlank String pagerdutyEventsUrl,
    @DefaultValue("100") @Min(1) int defaultLimit,
    @DefaultValue("1000") @Min(1) @Max(10000) int maxLimit) {}
