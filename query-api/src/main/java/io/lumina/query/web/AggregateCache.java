package io.lumina.query.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * A short-lived cache of aggregate answers (analytics, services, models), keyed by everything the
 * answer depends on, the project included. Dashboards poll the same aggregates every few seconds;
 * this turns N identical polls into one query per TTL. Lists and trace detail are never cached.
 */
@Component
public class AggregateCache {
  private final Cache<Object, Object> cache;

  AggregateCache(QueryProperties properties) {
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(properties.cache().ttl())
            .maximumSize(properties.cache().maxEntries())
            .recordStats()
            .build();
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Supplier<T> compute) {
    return (T) cache.get(key, k -> compute.get());
  }

  /** After re-pricing or a price change: every cached cost may be stale. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  public long hitCount() {
    return cache.stats().hitCount();
  }
}
