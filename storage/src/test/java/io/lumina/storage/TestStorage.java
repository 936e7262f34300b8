package io.lumina.storage;

import io.lumina.storage.secrets.SecretCipher;
import io.lumina.storage.secrets.Secrets;
import io.lumina.testing.TestDatabase;
import io.lumina.testing.TestInfra;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * This test JVM's private database with every migration applied, and project ids of one test's own,
 * so tests share the database without seeing each other's rows.
 */
public final class TestStorage {
  private static DataSource migrated;

  private TestStorage() {}

  /** The migrated database; sessions in this JVM's time zone, as the driver sets it. */
  public static synchronized DataSource dataSource() {
    if (migrated == null) {
      DataSource ds = connect();
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
      migrated = ds;
    }
    return migrated;
  }

  /**
   * The same database with every session in {@code zone}, as a service whose JVM runs there has it
   * (the driver sends the JVM's zone as the session's {@code TimeZone}).
   */
  public static DataSource dataSourceIn(String zone) {
    return new DelegatingDataSource(dataSource()) {
      @Override
      public Connection getConnection() throws SQLException {
        Connection c = super.getConnection();
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('TimeZone', ?, false)")) {
          ps.setString(1, zone);
          ps.execute();
        }
        return c;
      }
    };
  }

  public static JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource());
  }

  /** Secrets under the tests' key, as every service under test has them. */
  public static Secrets secrets() {
    return Secrets.of(SecretCipher.fromBase64(TestInfra.SECRET_KEY));
  }

  public static String project() {
    return "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static DataSource connect() {
    TestDatabase db = TestDatabase.shared();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(db.jdbcUrl());
    ds.setUser(db.user());
    ds.setPassword(db.password());
    return ds;
  }
}
