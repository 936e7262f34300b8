package io.lumina.storage.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Server-level statements, run before a database exists (the all-in-one embedded server). */
public final class Databases {
  private Databases() {}

  /**
   * Creates database {@code name} unless the server already has it.
   *
   * @param server a connection to any existing database of the server, such as {@code postgres}
   * @param name a plain identifier (letters, digits, underscores); it cannot be a bind parameter
   * @throws IllegalStateException when the server refuses
   */
  public static void createIfMissing(DataSource server, String name) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection c = server.getConnection();
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (ResultSet rs = exists.executeQuery()) {
        if (!rs.next()) {
          try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
  }
}
