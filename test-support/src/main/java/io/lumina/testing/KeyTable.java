package io.lumina.testing;

import io.lumina.security.ApiKey;
import io.lumina.security.ApiKeyRole;
import io.lumina.security.ApiKeys;
import io.lumina.security.KeyLookup;
import io.lumina.security.KeyStoreUnavailableException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * API keys in memory behind the {@link KeyLookup} seam, for unit tests of the code that decides on
 * keys (the API-key filter and what a service plugs into it): issue keys, revoke them, make the
 * store fail, count lookups. Integration tests use the PostgreSQL store of the storage module.
 */
public final class KeyTable implements KeyLookup {
  private final Map<String, ApiKey> active = new ConcurrentHashMap<>();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger lookups = new AtomicInteger();

  /** A new active key of {@code project} with {@code role}; returns its secret. */
  public String issue(String project, ApiKeyRole role) {
    String secret = ApiKeys.generate();
    active.put(
        digest(secret),
        new ApiKey(
            UUID.randomUUID(),
            project,
            role.name().toLowerCase() + " key",
            role,
            ApiKeys.displayPrefix(secret),
            "api",
            Instant.EPOCH,
            null,
            null));
    return secret;
  }

  /** The key is unknown from now on, as a revoked key is to the store. */
  public void revoke(String secret) {
    active.remove(digest(secret));
  }

  /** While down, every lookup fails as PostgreSQL being unreachable does. */
  public void down(boolean isDown) {
    down.set(isDown);
  }

  /** How often the table was asked. */
  public int lookups() {
    return lookups.get();
  }

  @Override
  public Optional<ApiKey> findActiveByHash(byte[] hash) {
    lookups.incrementAndGet();
    if (down.get()) {
      throw new KeyStoreUnavailableException("key table down", null);
    }
    return Optional.ofNullable(active.get(Base64.getEncoder().encodeToString(hash)));
  }

  private static String digest(String secret) {
    return Base64.getEncoder().encodeToString(ApiKeys.hash(secret));
  }
}
