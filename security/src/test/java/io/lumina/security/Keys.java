package io.lumina.security;

import java.time.Instant;
import java.util.UUID;

/** Test data. */
final class Keys {
  private Keys() {}

  static ApiKey key(String project, ApiKeyRole role, String prefix) {
    return new ApiKey(
        UUID.randomUUID(), project, "test", role, prefix, "api", Instant.EPOCH, null, null);
  }
}
