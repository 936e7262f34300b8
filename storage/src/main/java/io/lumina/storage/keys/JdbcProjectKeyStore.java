package io.lumina.storage.keys;

import io.lumina.model.Projects;
import io.lumina.security.ApiKey;
import io.lumina.security.ApiKeyRole;
import io.lumina.security.ApiKeys;
import io.lumina.security.IssuedKey;
import io.lumina.security.KeyStoreUnavailableException;
import io.lumina.security.Project;
import io.lumina.security.ProjectKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Projects and API keys in PostgreSQL (tables {@code projects} of V1 and {@code api_keys} of V50).
 * Keys are stored as SHA-256 digests only; nothing here ever returns a digest or a key except
 * {@link #issueKey}, once. All SQL is parameterized. Plain JDBC on a {@link DataSource} (no Spring)
 * so the command-line tool can use it without a context.
 */
public final class JdbcProjectKeyStore implements ProjectKeyStore {
  private static final String KEY_COLUMNS =
      "id, project_id, name, role, key_prefix, source, created_at, last_used_at, revoked_at";

  private final DataSource dataSource;

  public JdbcProjectKeyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<Project> createProject(String id, String name) {
    Project.requireValidId(id);
    String display = name == null || name.isBlank() ? id : name.strip();
    return query(
            """
        INSERT INTO projects (id, name) VALUES (?, ?)
        ON CONFLICT (id) DO NOTHING
        RETURNING id, name, created_at""",
            ps -> {
              ps.setString(1, id);
              ps.setString(2, display);
            },
            JdbcProjectKeyStore::project)
        .stream()
        .findFirst();
  }

  @Override
  public List<Project> listProjects() {
    return query(
        "SELECT id, name, created_at FROM projects ORDER BY id",
        ps -> {},
        JdbcProjectKeyStore::project);
  }

  @Override
  public Optional<Project> findProject(String id) {
    return query(
            "SELECT id, name, created_at FROM projects WHERE id = ?",
            ps -> ps.setString(1, id),
            JdbcProjectKeyStore::project)
        .stream()
        .findFirst();
  }

  @Override
  public Optional<IssuedKey> issueKey(String projectId, String name, ApiKeyRole role) {
    String secret = ApiKeys.generate();
    List<ApiKey> created =
        query(
            """
        INSERT INTO api_keys (project_id, name, key_prefix, key_hash, role)
        SELECT p.id, ?, ?, ?, ? FROM projects p WHERE p.id = ?
        RETURNING\s"""
                + KEY_COLUMNS,
            ps -> {
              ps.setString(1, name);
              ps.setString(2, ApiKeys.displayPrefix(secret));
              ps.setBytes(3, ApiKeys.hash(secret));
              ps.setString(4, role.name());
              ps.setString(5, projectId);
            },
            JdbcProjectKeyStore::key);
    return created.stream().findFirst().map(key -> new IssuedKey(key, secret));
  }

  @Override
  public ApiKey putConfiguredAdminKey(String secret) {
    byte[] hash = ApiKeys.hash(secret);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        ApiKey key;
        try (PreparedStatement ps =
            c.prepareStatement(
                """
            INSERT INTO api_keys (project_id, name, key_prefix, key_hash, role, source)
            VALUES (?, ?, ?, ?, 'ADMIN', 'config')
            ON CONFLICT (key_hash) DO UPDATE
              SET revoked_at = NULL, role = 'ADMIN', source = 'config', project_id = EXCLUDED.project_id
            RETURNING\s"""
                    + KEY_COLUMNS)) {
          ps.setString(1, Projects.DEFAULT_PROJECT);
          ps.setString(2, CONFIGURED_ADMIN_KEY_NAME);
          ps.setString(3, ApiKeys.displayPrefix(secret));
          ps.setBytes(4, hash);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            key = key(rs);
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                """
            UPDATE api_keys SET revoked_at = now()
            WHERE source = 'config' AND revoked_at IS NULL AND key_hash <> ?""")) {
          ps.setBytes(1, hash);
          ps.executeUpdate();
        }
        c.commit();
        return key;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public List<ApiKey> listKeys(String projectId) {
    return query(
        "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE project_id = ? ORDER BY created_at, id",
        ps -> ps.setString(1, projectId),
        JdbcProjectKeyStore::key);
  }

  @Override
  public Optional<ApiKey> findKey(UUID id) {
    return query(
            "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE id = ?",
            ps -> ps.setObject(1, id),
            JdbcProjectKeyStore::key)
        .stream()
        .findFirst();
  }

  @Override
  public Optional<ApiKey> revoke(UUID id) {
    return query(
            """
        UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = ?
        RETURNING\s"""
                + KEY_COLUMNS,
            ps -> ps.setObject(1, id),
            JdbcProjectKeyStore::key)
        .stream()
        .findFirst();
  }

  /**
   * The active key with this digest, recording that it was used. Called once per key and cache
   * period by {@link io.lumina.security.CachedKeyResolver}, so {@code last_used_at} is exact to
   * that period and the hot path never writes.
   */
  @Override
  public Optional<ApiKey> findActiveByHash(byte[] hash) {
    return query(
            """
        UPDATE api_keys SET last_used_at = now() WHERE key_hash = ? AND revoked_at IS NULL
        RETURNING\s"""
                + KEY_COLUMNS,
            ps -> ps.setBytes(1, hash),
            JdbcProjectKeyStore::key)
        .stream()
        .findFirst();
  }

  @Override
  public boolean anyActiveKey() {
    return !query("SELECT 1 FROM api_keys WHERE revoked_at IS NULL LIMIT 1", ps -> {}, rs -> 1)
        .isEmpty();
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static KeyStoreUnavailableException unavailable(SQLException e) {
    // The message carries the SQL state, never parameters: a digest or a key never reaches a log.
    return new KeyStoreUnavailableException(
        "key store unavailable (SQL state " + e.getSQLState() + ")", e);
  }

  private static Project project(ResultSet rs) throws SQLException {
    return new Project(
        rs.getString("id"), rs.getString("name"), instant(rs.getTimestamp("created_at")));
  }

  private static ApiKey key(ResultSet rs) throws SQLException {
    return new ApiKey(
        rs.getObject("id", UUID.class),
        rs.getString("project_id"),
        rs.getString("name"),
        ApiKeyRole.valueOf(rs.getString("role")),
        rs.getString("key_prefix"),
        rs.getString("source"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("last_used_at")),
        instant(rs.getTimestamp("revoked_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
