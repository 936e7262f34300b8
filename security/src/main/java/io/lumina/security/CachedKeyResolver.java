package io.lumina.security;

import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Answers "which active key is this?" from memory, asking the {@link KeyLookup} (PostgreSQL) at
 * most once per key and {@code ttl}. The TTL is the promise made about revocation: a revoked key is
 * refused by every replica within {@code ttl} (default 5 s), while the ingest path pays one hash
 * and one map lookup per request instead of a database round trip.
 *
 * <p>Unknown keys are cached too (negative entries), so a client hammering with a wrong key costs
 * the database one query per TTL, not one per request. The map is bounded: when {@code maxEntries}
 * is reached, expired entries are dropped first and, if that is not enough (a flood of random
 * keys), the whole map is cleared; valid keys are re-read on their next use.
 *
 * <p>No dependency (Caffeine) for this: a map of small immutable entries with an expiry time is all
 * that is needed, and common-model stays free of caching libraries.
 */
public final class CachedKeyResolver implements KeyResolver {
  private record Entry(Optional<ApiKey> key, long expiresAtNanos) {}

  private final KeyLookup lookup;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  public CachedKeyResolver(KeyLookup lookup, Duration ttl, int maxEntries, LongSupplier nanoClock) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("key cache TTL must not be negative");
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("key cache size must be positive");
    }
    this.lookup = lookup;
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    this.nanoClock = nanoClock;
  }

  public CachedKeyResolver(KeyLookup lookup, Duration ttl) {
    this(lookup, ttl, 100_000, System::nanoTime);
  }

  /**
   * The active key presented, or empty for an unknown or revoked one.
   *
   * @throws KeyStoreUnavailableException when the entry is not cached and the store cannot answer
   */
  @Override
  public Optional<ApiKey> resolve(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return Optional.empty();
    }
    String id = Base64.getEncoder().encodeToString(ApiKeys.hash(presentedKey));
    long now = nanoClock.getAsLong();
    Entry cached = entries.get(id);
    if (cached != null && now - cached.expiresAtNanos() < 0) {
      return cached.key();
    }
    // One lookup per key at a time: concurrent requests with the same expired key wait for it.
    Entry fresh =
        entries.compute(
            id,
            (k, current) -> {
              long at = nanoClock.getAsLong();
              if (current != null && at - current.expiresAtNanos() < 0) {
                return current;
              }
              return new Entry(
                  lookup.findActiveByHash(Base64.getDecoder().decode(k)), at + ttlNanos);
            });
    if (entries.size() > maxEntries) {
      shrink(now);
    }
    return fresh.key();
  }

  /**
   * Forgets every entry: the next request with any key asks the store (used after a local revoke).
   */
  @Override
  public void invalidateAll() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }

  private void shrink(long now) {
    entries.values().removeIf(e -> now - e.expiresAtNanos() >= 0);
    if (entries.size() > maxEntries) {
      entries.clear();
    }
  }
}
