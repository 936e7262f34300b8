package io.lumina.storage.replica;

import javax.sql.DataSource;

/**
 * Where the reading paths get their connections: the replica (falling back to the primary while it
 * cannot be reached) when one is configured, the primary otherwise. A type of its own, not a second
 * {@link DataSource} bean, so Spring Boot's primary datasource, Flyway and transactions are
 * untouched by it.
 *
 * @param dataSource the connections reads use
 * @param replica whether they come from a replica (and may therefore lag)
 */
public record ReadDataSource(DataSource dataSource, boolean replica) {

  /** Reads from the primary. */
  public static ReadDataSource primary(DataSource primary) {
    return new ReadDataSource(primary, false);
  }
}
