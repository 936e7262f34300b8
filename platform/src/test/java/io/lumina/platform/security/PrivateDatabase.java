package io.lumina.platform.security;

import io.lumina.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for a security test class. Keys created here turn authentication on for
 * every service using the database, so they must not live in the JVM's shared test database, where
 * other test classes run with authentication off.
 */
final class PrivateDatabase implements AutoCloseable {
  private final String adminUrl;
  private final String user;
  private final String password;
  private final String name;

  PrivateDatabase() {
    TestDatabase shared = TestDatabase.shared();
    String url = shared.jdbcUrl();
    this.adminUrl = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    this.user = shared.user();
    this.password = shared.password();
    this.name =
        "lumina_sec_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
  }

  String jdbcUrl() {
    return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user, password);
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop " + name + ": " + e.getMessage());
    }
  }
}
