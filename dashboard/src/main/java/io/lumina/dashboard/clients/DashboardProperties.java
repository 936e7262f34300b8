package io.lumina.dashboard.clients;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lumina.dashboard.*}: where the backends are and how long the dashboard waits for them.
 *
 * @param queryApiUrl base URL of the query API ({@code LUMINA_QUERY_API_URL}, default
 *     http://127.0.0.1:8081)
 * @param replayEngineUrl base URL of the replay engine ({@code LUMINA_REPLAY_ENGINE_URL}, default
 *     http://127.0.0.1:8082)
 * @param connectTimeout how long to wait for a backend connection (default 2s): a down backend must
 *     show an error panel quickly, not hang the page
 * @param readTimeout how long to wait for a backend answer (default 15s)
 * @param liveRefresh how often the trace list polls while live refresh is on (default 5s)
 * @param ingestUrl the OTLP endpoint shown to new users in the empty states (default
 *     http://localhost:4318)
 */
@Validated
@ConfigurationProperties("lumina.dashboard")
public record DashboardProperties(
    @NotNull URI queryApiUrl,
    @NotNull URI replayEngineUrl,
    @DefaultValue("2s") @NotNull Duration connectTimeout,
    @DefaultValue("15s") @NotNull Duration readTimeout,
    @DefaultValue("5s") @NotNull Duration liveRefresh,
    @DefaultValue("http://localhost:4318") @NotNull URI ingestUrl) {}
