package io.lumina.pricing;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the most specific candidate whose pattern fully matches a model's canonical name ({@link
 * ModelNames}). Results, misses included, are cached per raw name, so the regexes run once per
 * distinct model name, not per span. The cache is bounded: when full it is cleared, which costs one
 * re-resolution per name and keeps memory flat even if a client sends endless distinct names.
 *
 * <p>Patterns are RE2/J patterns, so a match takes time linear in the name whatever the pattern (no
 * backtracking), and names longer than {@link ModelNames#MAX_LENGTH} match nothing and are neither
 * canonicalized nor cached: no pattern ever runs over an unbounded name (docs/pricing.md).
 *
 * @param <T> what a match yields (a catalog entry, an override price)
 */
public final class ModelMatcher<T> {

  /**
   * One pattern. Among several matching candidates the highest {@code specificity} wins, then the
   * first in list order.
   */
  public record Candidate<T>(String id, Pattern pattern, int specificity, T value) {
    public Candidate {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(value, "value");
    }
  }

  public static final int DEFAULT_CACHE_SIZE = 4096;

  private final List<Candidate<T>> candidates;
  private final int maxCacheSize;
  private final ConcurrentHashMap<String, Optional<Candidate<T>>> cache = new ConcurrentHashMap<>();

  public ModelMatcher(List<Candidate<T>> candidates, int maxCacheSize) {
    this.candidates = List.copyOf(candidates);
    if (maxCacheSize < 1) {
      throw new IllegalArgumentException("cache size must be positive: " + maxCacheSize);
    }
    this.maxCacheSize = maxCacheSize;
  }

  public ModelMatcher(List<Candidate<T>> candidates) {
    this(candidates, DEFAULT_CACHE_SIZE);
  }

  public Optional<Candidate<T>> match(String model) {
    if (model == null || model.isBlank() || model.length() > ModelNames.MAX_LENGTH) {
      return Optional.empty();
    }
    Optional<Candidate<T>> cached = cache.get(model);
    if (cached != null) {
      return cached;
    }
    Optional<Candidate<T>> resolved = resolve(ModelNames.canonical(model));
    if (cache.size() >= maxCacheSize) {
      cache.clear();
    }
    cache.put(model, resolved);
    return resolved;
  }

  /** Resolution without the cache: what {@link #match} answers on a first sighting. */
  Optional<Candidate<T>> resolve(String canonicalName) {
    Candidate<T> best = null;
    for (Candidate<T> c : candidates) {
      if ((best == null || c.specificity() > best.specificity())
          && c.pattern().matcher(canonicalName).matches()) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  int cachedNames() {
    return cache.size();
  }
}
