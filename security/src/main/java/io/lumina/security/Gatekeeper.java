package io.lumina.security;

import io.lumina.model.Projects;
import java.util.Locale;
import java.util.Optional;

/**
 * The access decision every service makes for every request, from the two headers a key may come in
 * ({@code Authorization: Bearer <key>} or {@code x-api-key: <key>}) and what the endpoint requires.
 * Plain Java so the same rules hold in every service; the one servlet filter of {@code
 * service-autoconfigure} asks it once per request and each service only chooses how a refusal is
 * written.
 */
public final class Gatekeeper {
  /** The {@code WWW-Authenticate} challenge of a 401 (RFC 6750). */
  public static final String CHALLENGE = "Bearer realm=\"lumina\"";

  /**
   * Servlet request attribute holding the {@link ApiKey} the request authenticated with (absent
   * while authentication is off), next to {@link Projects#REQUEST_ATTRIBUTE}.
   */
  public static final String KEY_ATTRIBUTE = "lumina.apiKey";

  private final KeyResolver keys;
  private final AuthSwitch authSwitch;
  private final RateLimiter rateLimiter;

  public Gatekeeper(KeyResolver keys, AuthSwitch authSwitch, RateLimiter rateLimiter) {
    this.keys = keys;
    this.authSwitch = authSwitch;
    this.rateLimiter = rateLimiter;
  }

  public boolean authenticationEnabled() {
    return authSwitch.enabled();
  }

  /** Forgets cached keys, e.g. right after this service revoked one. */
  public void forgetCachedKeys() {
    keys.invalidateAll();
  }

  /** Authenticates, checks the role, and takes one request from the key's rate limit. */
  public Decision decide(String authorizationHeader, String apiKeyHeader, Requirement requirement) {
    Decision decision = check(authorizationHeader, apiKeyHeader, requirement);
    if (decision instanceof Decision.Allowed allowed && allowed.key() != null) {
      long wait = rateLimiter.tryAcquire(allowed.key().id().toString());
      if (wait > 0) {
        return new Decision.Refused(
            429,
            "Rate limit exceeded",
            "too many requests with this key; retry after " + wait + " s",
            wait);
      }
    }
    return decision;
  }

  private Decision check(String authorizationHeader, String apiKeyHeader, Requirement requirement) {
    if (!authSwitch.enabled()) {
      return new Decision.Allowed(Projects.DEFAULT_PROJECT, null);
    }
    String presented = presentedKey(authorizationHeader, apiKeyHeader);
    if (presented == null) {
      return new Decision.Refused(
          401,
          "API key required",
          authorizationHeader != null && !authorizationHeader.isBlank()
              ? "only 'Authorization: Bearer <key>' is accepted (or 'x-api-key: <key>')"
              : "send your API key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'",
          0);
    }
    Optional<ApiKey> key;
    try {
      key = keys.resolve(presented);
    } catch (KeyStoreUnavailableException e) {
      return new Decision.Refused(
          503, "Key store unavailable", "API keys cannot be checked right now; retry shortly", 5);
    }
    if (key.isEmpty()) {
      return new Decision.Refused(
          401, "Invalid API key", "the API key is unknown or has been revoked", 0);
    }
    ApiKey k = key.get();
    if (requirement.role() != null && !k.role().permits(requirement.role())) {
      return new Decision.Refused(
          403,
          "Insufficient role",
          "this key has role "
              + k.role().name().toLowerCase(Locale.ROOT)
              + "; this request needs a key with role "
              + requirement.role().name().toLowerCase(Locale.ROOT)
              + (requirement.role() == ApiKeyRole.ADMIN ? "" : " or admin"),
          0);
    }
    if (requirement.platformOnly() && !Projects.DEFAULT_PROJECT.equals(k.projectId())) {
      return new Decision.Refused(
          403,
          "Platform key required",
          "this endpoint covers every project; it needs a key of the default project",
          0);
    }
    return new Decision.Allowed(k.projectId(), k);
  }

  /** The key of a request, or null when it carries none (or only a non-Bearer Authorization). */
  public static String presentedKey(String authorizationHeader, String apiKeyHeader) {
    if (authorizationHeader != null) {
      String value = authorizationHeader.strip();
      if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
        String token = value.substring(7).strip();
        if (!token.isEmpty()) {
          return token;
        }
      }
    }
    if (apiKeyHeader != null && !apiKeyHeader.isBlank()) {
      return apiKeyHeader.strip();
    }
    return null;
  }
}
