package io.lumina.security;

import java.util.Optional;

/**
 * Answers "which active key is this?" for a key presented with a request. {@link CachedKeyResolver}
 * answers from the key store; a service without a database asks a service that has one.
 */
public interface KeyResolver {
  /**
   * The active key presented, or empty for an unknown or revoked one.
   *
   * @throws KeyStoreUnavailableException when the answer cannot be known right now
   */
  Optional<ApiKey> resolve(String presentedKey);

  /** Forgets whatever is remembered, so the next request with any key is looked up again. */
  default void invalidateAll() {}
}
