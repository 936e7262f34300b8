package io.lumina.dashboard.security;

import io.lumina.security.ApiKey;
import io.lumina.security.ApiKeyRole;
import io.lumina.security.ApiKeys;
import io.lumina.security.KeyResolver;
import io.lumina.security.KeyStoreUnavailableException;
import java.util.Optional;
import java.util.UUID;

/**
 * Keys presented to the dashboard's actuator, checked by the query API ({@link KeyVerifier}): the
 * dashboard keeps no key database, so a key works here exactly while it works in the APIs. Not
 * cached: only the actuator asks, a scrape every few seconds at most.
 */
final class QueryApiKeyResolver implements KeyResolver {
  private final KeyVerifier verifier;

  QueryApiKeyResolver(KeyVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public Optional<ApiKey> resolve(String presentedKey) {
    try {
      return verifier.verify(presentedKey).map(identity -> key(presentedKey, identity));
    } catch (KeyVerifier.UnavailableException e) {
      throw new KeyStoreUnavailableException(e.getMessage(), e);
    }
  }

  /**
   * The key as far as the dashboard knows it. Its database id is not known here; a name-based UUID
   * of its digest stands in, stable per key, so the rate limit still counts per key.
   */
  private static ApiKey key(String presentedKey, KeyVerifier.Identity identity) {
    return new ApiKey(
        UUID.nameUUIDFromBytes(ApiKeys.hash(presentedKey)),
        identity.projectId(),
        "checked by the query API",
        ApiKeyRole.parse(identity.role()),
        ApiKeys.displayPrefix(presentedKey),
        "api",
        null,
        null,
        null);
  }
}
