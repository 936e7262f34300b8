package io.lumina.security;

import java.time.Instant;
import java.util.UUID;

/**
 * What is known about a key: never the key itself nor its hash, so this record can be listed,
 * logged and returned by the API as it is.
 *
 * @param prefix the first characters of the key ({@link ApiKeys#DISPLAY_PREFIX_LENGTH})
 * @param source {@code api} for keys created by the admin API or the CLI, {@code config} for the
 *     key of {@code lumina.security.admin-key}
 * @param revokedAt null while the key is active
 */
public record ApiKey(
    UUID id,
    String projectId,
    String name,
    ApiKeyRole role,
    String prefix,
    String source,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public boolean active() {
    return revokedAt == null;
  }

  /** An admin key of the default project: may create projects and manage every project's keys. */
  public boolean platformAdmin() {
    return role == ApiKeyRole.ADMIN && io.lumina.model.Projects.DEFAULT_PROJECT.equals(projectId);
  }
}
