package io.lumina.worker;

import io.lumina.testing.MigratedDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/** This test JVM's private database with every migration applied, for tests without Spring. */
public final class TestSchema {
  private TestSchema() {}

  public static PGSimpleDataSource dataSource() {
    return MigratedDatabase.dataSource();
  }
}
