package io.lumina.storage;

import io.lumina.testing.TestDatabase;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** This test JVM's private database, migrated by this module's Flyway scripts on first use. */
public final class MigratedDatabase {
  private static DataSource dataSource;

  private MigratedDatabase() {}

  public static synchronized DataSource dataSource() {
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
