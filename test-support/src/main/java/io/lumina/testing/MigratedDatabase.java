package io.lumina.testing;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * This test JVM's private database ({@link TestDatabase}) with every Flyway migration on the test's
 * classpath applied on first use (the storage module's scripts), for tests without Spring.
 */
public final class MigratedDatabase {
  private static PGSimpleDataSource dataSource;

  private MigratedDatabase() {}

  public static synchronized PGSimpleDataSource dataSource() {
    if (dataSource == null) {
      TestDatabase db = TestDatabase.shared();
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl(db.jdbcUrl());
      ds.setUser(db.user());
      ds.setPassword(db.password());
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
      dataSource = ds;
    }
    return dataSource;
  }
}
