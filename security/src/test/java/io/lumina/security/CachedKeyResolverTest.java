package io.lumina.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedKeyResolverTest {
  /** An in-memory key table standing in for PostgreSQL, counting how often it is asked. */
  private final Map<String, ApiKey> table = new ConcurrentHashMap<>();

  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicLong now = new AtomicLong(1_000);
  private volatile boolean down;
  private final KeyLookup lookup =
      hash -> {
        lookups.incrementAndGet();
        if (down) {
          throw new KeyStoreUnavailableException("down", null);
        }
        return Optional.ofNullable(table.get(Base64.getEncoder().encodeToString(hash)));
      };

  private void store(String secret, ApiKey key) {
    table.put(Base64.getEncoder().encodeToString(ApiKeys.hash(secret)), key);
  }

  @Test
  void asksTheStoreOncePerKeyAndTtl() {
    String secret = ApiKeys.generate();
    ApiKey key = Keys.key("a", ApiKeyRole.INGEST, "lum_x");
    store(secret, key);
    CachedKeyResolver resolver =
        new CachedKeyResolver(lookup, Duration.ofSeconds(5), 100, now::get);

    for (int i = 0; i < 1000; i++) {
      assertThat(resolver.resolve(secret)).contains(key);
    }
    assertThat(lookups).hasValue(1);

    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(resolver.resolve(secret)).contains(key);
    assertThat(lookups).hasValue(2);
  }

  @Test
  void aRevokedKeyIsRefusedOnceItsEntryExpires() {
    String secret = ApiKeys.generate();
    store(secret, Keys.key("a", ApiKeyRole.READ, "lum_x"));
    CachedKeyResolver resolver =
        new CachedKeyResolver(lookup, Duration.ofSeconds(5), 100, now::get);
    assertThat(resolver.resolve(secret)).isPresent();

    table.clear(); // revoked: findActiveByHash no longer returns it
    now.addAndGet(Duration.ofMillis(4_999).toNanos());
    assertThat(resolver.resolve(secret)).as("still inside the TTL").isPresent();
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(resolver.resolve(secret)).as("TTL over: refused").isEmpty();
  }

  @Test
  void unknownKeysAreCachedTooSoAFloodDoesNotReachTheStore() {
    CachedKeyResolver resolver =
        new CachedKeyResolver(lookup, Duration.ofSeconds(5), 100, now::get);
    for (int i = 0; i < 50; i++) {
      assertThat(resolver.resolve("lum_wrong")).isEmpty();
    }
    assertThat(lookups).hasValue(1);
    assertThat(resolver.resolve(null)).isEmpty();
    assertThat(resolver.resolve("")).isEmpty();
    assertThat(lookups).as("no key, no lookup").hasValue(1);
  }

  @Test
  void theMapStaysBoundedUnderRandomKeys() {
    CachedKeyResolver resolver =
        new CachedKeyResolver(lookup, Duration.ofSeconds(5), 100, now::get);
    for (int i = 0; i < 10_000; i++) {
      resolver.resolve("lum_random_" + i);
    }
    assertThat(resolver.size()).isLessThanOrEqualTo(100);
  }

  @Test
  void aStoreFailureIsReportedNotTurnedIntoAnAnswerAndNotCached() {
    CachedKeyResolver resolver =
        new CachedKeyResolver(lookup, Duration.ofSeconds(5), 100, now::get);
    String secret = ApiKeys.generate();
    ApiKey key = Keys.key("a", ApiKeyRole.READ, "lum_x");
    store(secret, key);
    down = true;
    assertThatThrownBy(() -> resolver.resolve(secret))
        .isInstanceOf(KeyStoreUnavailableException.class);
    down = false;
    assertThat(resolver.resolve(secret)).contains(key);
  }

  @Test
  void invalidateAllForcesTheNextLookup() {
    String secret = ApiKeys.generate();
    store(secret, Keys.key("a", ApiKeyRole.READ, "lum_x"));
    CachedKeyResolver resolver =
        new CachedKeyResolver(lookup, Duration.ofSeconds(5), 100, now::get);
    resolver.resolve(secret);
    table.clear();
    resolver.invalidateAll();
    assertThat(resolver.resolve(secret)).isEmpty();
  }
}
