package io.lumina.bench.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * A database of the benchmark's own on an existing PostgreSQL server (the machine's shared one is
 * fine: creating and dropping a database disturbs no other). Migrated with Lumina's own Flyway
 * scripts from common-model when asked, so it has exactly the schema the worker writes to.
 */
public final class ScratchDatabase implements AutoCloseable {
  private final String serverUrl;
  private final String user;
  private final String password;
  private final String name;

  private ScratchDatabase(String serverUrl, String user, String password, String name) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
    this.name = name;
  }

  /**
   * @param adminUrl JDBC URL of any existing database on the server, e.g. {@code .../postgres}
   */
  public static ScratchDatabase create(String adminUrl, String user, String password, String name)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    }
    return new ScratchDatabase(
        adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1), user, password, name);
  }

  public ScratchDatabase migrate() {
    Flyway.configure()
        .dataSource(jdbcUrl(), user, password)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return this;
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return serverUrl + name;
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

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(serverUrl + "postgres", user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop scratch database " + name + ": " + e.getMessage());
    }
  }
}
