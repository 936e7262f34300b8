package io.lumina.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of its own on an existing PostgreSQL server, so parallel runs and earlier runs never
 * see each other's rows: {@link #shared()} is this test JVM's, dropped when the JVM exits; {@link
 * #createPrivate} makes another one for a test that must not share rows with the rest of the JVM
 * (dropped on {@link #close()}); {@link #create} makes one of a given name on a given server (the
 * benchmarks). {@link #migrate()} applies Lumina's Flyway migrations ({@code
 * classpath:db/migration}, from the storage module on the caller's classpath).
 *
 * <p>The test server and user come from {@code LUMINA_TEST_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/postgres}), {@code LUMINA_TEST_PG_USER} (default {@code
 * postgres}) and {@code LUMINA_TEST_PG_PASSWORD}.
 */
public final class TestDatabase implements AutoCloseable {
  private static final TestDatabase SHARED = onTestServer("lumina_test_");

  /** JDBC URL of the server up to and including the slash before the database name. */
  private final String serverUrl;

  private final String adminUrl;
  private final String user;
  private final String password;
  private final String name;
  private volatile boolean created;
  private boolean migrated;
  private PGSimpleDataSource dataSource;

  private TestDatabase(String adminUrl, String user, String password, String name) {
    this.adminUrl = adminUrl;
    this.serverUrl = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1);
    this.user = user;
    this.password = password;
    this.name = name;
  }

  /**
   * The database of this test JVM, created on first use and dropped when the JVM exits; {@link
   * #close()} leaves it alone.
   */
  public static TestDatabase shared() {
    SHARED.createOnce(false);
    return SHARED;
  }

  /**
   * A new, empty database on the test server, named {@code lumina_<label>_<random>}; dropped on
   * {@link #close()}.
   */
  public static TestDatabase createPrivate(String label) {
    TestDatabase db = onTestServer("lumina_" + label + "_");
    db.createOnce(false);
    return db;
  }

  /**
   * A database named {@code name} on the server of {@code adminUrl} (the JDBC URL of any database
   * there, e.g. {@code .../postgres}), replacing one of that name left by an earlier run; dropped
   * on {@link #close()}.
   */
  public static TestDatabase create(String adminUrl, String user, String password, String name) {
    TestDatabase db = new TestDatabase(adminUrl, user, password, name);
    db.createOnce(true);
    return db;
  }

  /**
   * The database named {@code name} that already exists on the server of {@code adminUrl}, for a
   * harness that reuses the data of an earlier run; dropped on {@link #close()}.
   */
  public static TestDatabase existing(String adminUrl, String user, String password, String name) {
    TestDatabase db = new TestDatabase(adminUrl, user, password, name);
    db.created = true;
    return db;
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return serverUrl + name + "?reWriteBatchedInserts=true";
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

  /** A plain data source on this database, for tests without Spring. */
  public synchronized DataSource dataSource() {
    if (dataSource == null) {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(jdbcUrl());
      ds.setUser(user);
      ds.setPassword(password);
      dataSource = ds;
    }
    return dataSource;
  }

  /** Applies every migration once (Flyway's lock makes services starting meanwhile safe). */
  public synchronized TestDatabase migrate() {
    if (!migrated) {
      Flyway.configure()
          .dataSource(dataSource())
          .locations("classpath:db/migration")
          .load()
          .migrate();
      migrated = true;
    }
    return this;
  }

  /** Drops this database, unless it is the JVM's {@link #shared()} one (dropped at exit). */
  @Override
  public void close() {
    if (this != SHARED) {
      drop();
    }
  }

  private static TestDatabase onTestServer(String namePrefix) {
    return new TestDatabase(
        env("LUMINA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
        env("LUMINA_TEST_PG_USER", "postgres"),
        env("LUMINA_TEST_PG_PASSWORD", ""),
        namePrefix
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT));
  }

  private synchronized void createOnce(boolean replace) {
    if (created) {
      return;
    }
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      if (replace) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create database " + name + " on " + adminUrl + " (is PostgreSQL running?)", e);
    }
    created = true;
    if (this == SHARED) {
      Runtime.getRuntime().addShutdownHook(new Thread(this::drop, "drop-" + name));
    }
  }

  private void drop() {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop database " + name + ": " + e.getMessage());
    }
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
