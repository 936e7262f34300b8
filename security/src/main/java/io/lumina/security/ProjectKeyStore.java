package io.lumina.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where projects and API keys live (PostgreSQL, in the storage module). Keys are kept as SHA-256
 * digests only: nothing here returns a digest, and a key's secret only once, from {@link
 * #issueKey}. Every method throws {@link KeyStoreUnavailableException} when the store cannot
 * answer, never a {@code SQLException}.
 */
public interface ProjectKeyStore extends KeyLookup {
  /** The name of the key every service re-asserts from {@code lumina.security.admin-key}. */
  String CONFIGURED_ADMIN_KEY_NAME = "lumina.security.admin-key";

  /** Creates a project; empty when the id is taken. */
  Optional<Project> createProject(String id, String name);

  List<Project> listProjects();

  Optional<Project> findProject(String id);

  /** Creates a random key in an existing project; empty when the project does not exist. */
  Optional<IssuedKey> issueKey(String projectId, String name, ApiKeyRole role);

  /**
   * Makes {@code secret} the one active configured admin key of the default project: inserts it (or
   * re-activates it, configuration being the source of truth) and revokes a previously configured
   * key that differs, so rotating {@code LUMINA_ADMIN_KEY} and restarting retires the old one. Safe
   * when several services start at once.
   */
  ApiKey putConfiguredAdminKey(String secret);

  /** Every key of a project, oldest first, revoked ones included (with their revocation time). */
  List<ApiKey> listKeys(String projectId);

  Optional<ApiKey> findKey(UUID id);

  /**
   * Revokes a key (idempotent: revoking twice keeps the first time); empty when no such key exists.
   */
  Optional<ApiKey> revoke(UUID id);

  /** Whether any key is active: when none is (and none is configured) authentication is off. */
  boolean anyActiveKey();
}
