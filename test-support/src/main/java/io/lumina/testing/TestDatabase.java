package io.lumina.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A private database for one test JVM on the PostgreSQL server of this machine, dropped when the
 * JVM exits, so parallel runs and earlier runs never see each other's rows.
 *
 * <p>Server and user come from {@code LUMINA_TEST_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/postgres}), {@code LUMINA_TEST_PG_USER} (default {@code
 * postgres}) and {@code LUMINA_TEST_PG_PASSWORD}.
 */
public final class TestDatabase {
  private static final TestDatabase SHARED = new TestDatabase();

  private final String adminUrl;
  private final String user;
  private final String password;
  private final String name;
  private volatile boolean created;

  private TestDatabase() {
    this.adminUrl = env("LUMINA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    this.user = env("LUMINA_TEST_PG_USER", "postgres");
    this.password = env("LUMINA_TEST_PG_PASSWORD", "");
    this.name =
        "lumina_test_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT);
  }

  /** The database of this test JVM, created on first use. */
  public static TestDatabase shared() {
    SHARED.createOnce();
    return SHARED;
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    int slash = adminUrl.lastIndexOf('/');
    String base = adminUrl.substring(0, slash + 1);
    return base + name + "?reWriteBatchedInserts=true";
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user, password);
  }

  private synchronized void createOnce() {
    if (created) {
      return;
    }
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test database on "
              + adminUrl
              + " (is PostgreSQL running? .ci/run starts it)",
          e);
    }
    created = true;
    Runtime.getRuntime().addShutdownHook(new Thread(this::drop, "drop-" + name));
  }

  private void drop() {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop test database " + name + ": " + e.getMessage());
    }
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
