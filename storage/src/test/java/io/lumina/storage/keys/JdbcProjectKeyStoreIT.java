package io.lumina.storage.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lumina.model.Projects;
import io.lumina.security.ApiKey;
import io.lumina.security.ApiKeyRole;
import io.lumina.security.ApiKeys;
import io.lumina.security.IssuedKey;
import io.lumina.security.KeyStoreUnavailableException;
import io.lumina.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Projects and keys on this JVM's PostgreSQL database. Every key made here is revoked at the end:
 * an active key would turn authentication on for anything else that uses the database.
 */
class JdbcProjectKeyStoreIT {
  private static JdbcProjectKeyStore store;
  private static final List<UUID> made = new ArrayList<>();
  private final String project = "keys-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void migrate() {
    TestDatabase db = TestDatabase.shared();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.jdbcUrl());
    ds.setUser(db.user());
    ds.setPassword(db.password());
    Flyway.configure().dataSource(ds).load().migrate();
    store = new JdbcProjectKeyStore(ds);
  }

  @AfterAll
  static void revokeEverythingMadeHere() {
    made.forEach(store::revoke);
    assertThat(made)
        .allSatisfy(id -> assertThat(store.findKey(id).orElseThrow().active()).isFalse());
  }

  private IssuedKey issue(ApiKeyRole role) {
    IssuedKey issued =
        store.issueKey(project, role.name().toLowerCase() + " key", role).orElseThrow();
    made.add(issued.key().id());
    return issued;
  }

  @Test
  void projectsAreCreatedOnceWithValidIds() {
    assertThat(store.createProject(project, "  Checkout team "))
        .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("Checkout team"));
    assertThat(store.createProject(project, "again")).as("the id is taken").isEmpty();
    assertThat(store.findProject(project)).isPresent();
    assertThat(store.listProjects())
        .extracting(p -> p.id())
        .contains(project, Projects.DEFAULT_PROJECT);
    assertThatThrownBy(() -> store.createProject("Bad Id", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anIssuedKeyIsFoundByItsDigestOnlyWhileActive() {
    assertThat(store.issueKey("no-such-project", "k", ApiKeyRole.READ)).isEmpty();
    store.createProject(project, null);
    IssuedKey issued = issue(ApiKeyRole.READ);
    assertThat(issued.secret()).startsWith(ApiKeys.PREFIX);
    assertThat(issued.key().prefix()).isEqualTo(ApiKeys.displayPrefix(issued.secret()));

    ApiKey found = store.findActiveByHash(ApiKeys.hash(issued.secret())).orElseThrow();
    assertThat(found.id()).isEqualTo(issued.key().id());
    assertThat(found.lastUsedAt()).as("a lookup records the use").isNotNull();
    assertThat(store.anyActiveKey()).isTrue();

    ApiKey revoked = store.revoke(issued.key().id()).orElseThrow();
    assertThat(revoked.revokedAt()).isNotNull();
    assertThat(store.revoke(issued.key().id()).orElseThrow().revokedAt())
        .as("revoking twice keeps the first time")
        .isEqualTo(revoked.revokedAt());
    assertThat(store.findActiveByHash(ApiKeys.hash(issued.secret()))).isEmpty();
    assertThat(store.revoke(UUID.randomUUID())).isEmpty();
  }

  @Test
  void keysAreListedOldestFirstWithRevokedOnes() {
    store.createProject(project, null);
    IssuedKey first = issue(ApiKeyRole.INGEST);
    IssuedKey second = issue(ApiKeyRole.ADMIN);
    store.revoke(first.key().id());

    assertThat(store.listKeys(project))
        .extracting(ApiKey::id, ApiKey::active)
        .containsExactly(tuple(first.key().id(), false), tuple(second.key().id(), true));
    assertThat(store.findKey(second.key().id()))
        .hasValueSatisfying(k -> assertThat(k.role()).isEqualTo(ApiKeyRole.ADMIN));
  }

  @Test
  void theConfiguredAdminKeyIsTheOnlyActiveConfiguredKey() {
    String a = ApiKeys.generate();
    String b = ApiKeys.generate();
    ApiKey keyA = store.putConfiguredAdminKey(a);
    made.add(keyA.id());
    assertThat(keyA.platformAdmin()).isTrue();
    assertThat(keyA.source()).isEqualTo("config");

    ApiKey keyB = store.putConfiguredAdminKey(b);
    made.add(keyB.id());
    assertThat(store.findActiveByHash(ApiKeys.hash(a))).as("rotated out").isEmpty();
    assertThat(store.findActiveByHash(ApiKeys.hash(b))).isPresent();

    assertThat(store.putConfiguredAdminKey(a).id())
        .as("re-activated, same row")
        .isEqualTo(keyA.id());
    assertThat(store.findActiveByHash(ApiKeys.hash(a))).isPresent();
    assertThat(store.findActiveByHash(ApiKeys.hash(b))).isEmpty();
  }

  @Test
  void anUnreachableDatabaseIsKeyStoreUnavailableWithoutTheKey() {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
    String secret = ApiKeys.generate();
    assertThatThrownBy(() -> new JdbcProjectKeyStore(nowhere).putConfiguredAdminKey(secret))
        .isInstanceOf(KeyStoreUnavailableException.class)
        .hasMessageContaining("SQL state")
        .hasMessageNotContaining(secret);
  }
}
