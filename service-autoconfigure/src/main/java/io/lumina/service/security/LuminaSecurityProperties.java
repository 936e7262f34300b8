package io.lumina.service.security;

import io.lumina.security.AuthSwitch;
import io.lumina.security.CachedKeyResolver;
import io.lumina.security.Gatekeeper;
import io.lumina.security.ProjectKeyStore;
import io.lumina.security.RateLimiter;
import io.lumina.security.SecurityBootstrap;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lumina.security.*}, the same tree in every service (docs/security.md).
 *
 * @param adminKey admin key of the default project ({@code LUMINA_ADMIN_KEY}); when set,
 *     authentication is on
 * @param allowUnauthenticatedNetwork start with authentication off on a non-loopback address
 *     ({@code LUMINA_ALLOW_UNAUTHENTICATED_NETWORK}, default false: refuse to start)
 * @param keyCacheTtl how long a key lookup is reused; the longest a revoked key keeps working
 *     ({@code LUMINA_KEY_CACHE_TTL}, default 5s)
 * @param rateLimit requests per key
 */
@Validated
@ConfigurationProperties("lumina.security")
public record LuminaSecurityProperties(
    @DefaultValue("") String adminKey,
    @DefaultValue("false") boolean allowUnauthenticatedNetwork,
    @DefaultValue("5s") @NotNull Duration keyCacheTtl,
    @DefaultValue @Valid @NotNull RateLimit rateLimit) {

  /**
   * @param perSecond sustained requests per second per key and replica, 0 = unlimited ({@code
   *     LUMINA_RATE_LIMIT_PER_SECOND}, default 100)
   * @param burst requests a key may send at once ({@code LUMINA_RATE_LIMIT_BURST}, default 200)
   */
  public record RateLimit(
      @DefaultValue("100") @PositiveOrZero double perSecond,
      @DefaultValue("200") @Min(1) int burst) {}

  /**
   * Applies the secure-by-default rules for one service (may refuse to start it) and returns the
   * gatekeeper its filter asks.
   *
   * @param serverAddress the address the service binds ({@code server.address})
   */
  public Gatekeeper startGatekeeper(
      ProjectKeyStore store, String serverAddress, String serviceName) {
    AuthSwitch authSwitch =
        SecurityBootstrap.start(
            store, adminKey, serverAddress, allowUnauthenticatedNetwork, keyCacheTtl, serviceName);
    return new Gatekeeper(new CachedKeyResolver(store, keyCacheTtl), authSwitch, rateLimiter());
  }

  /** The per-key rate limiter these settings describe. */
  public RateLimiter rateLimiter() {
    return new RateLimiter(rateLimit.perSecond(), rateLimit.burst(), System::nanoTime);
  }

  @Override
  public String toString() {
    // never print the admin key, even if the whole record is logged
    return "LuminaSecurityProperties[adminKey="
        + (adminKey.isBlank() ? "unset" : "***")
        + ", allowUnauthenticatedNetwork="
        + allowUnauthenticatedNetwork
        + ", keyCacheTtl="
        + keyCacheTtl
        + ", rateLimit="
        + rateLimit
        + "]";
  }
}
