package io.lumina.security;

import java.util.Optional;

/** Finds the active key with a given SHA-256 digest: the one question the hot path asks. */
@FunctionalInterface
public interface KeyLookup {
  /**
   * @return the key when it exists and is not revoked; empty otherwise
   * @throws KeyStoreUnavailableException when the store cannot answer
   */
  Optional<ApiKey> findActiveByHash(byte[] hash);
}
