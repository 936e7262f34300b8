package io.lumina.worker;

import io.lumina.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** This test JVM's private database with every migration applied, for tests without Spring. */
public final class TestSchema {
  private static volatile PGSimpleDataSource dataSource;

  private TestSchema() {}

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
