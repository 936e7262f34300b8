package io.lumina.platform;

import io.lumina.storage.database.Databases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from Maven Central) kept in a directory under the user's home,
 * for the all-in-one mode when no {@code LUMINA_DB_URL} is given. The data directory survives
 * restarts, so stopping and starting Lumina keeps the data.
 */
final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String DATABASE = "lumina";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start();
      EmbeddedDatabase database = new EmbeddedDatabase(postgres);
      Databases.createIfMissing(postgres.getPostgresDatabase(), DATABASE);
      log.info("embedded PostgreSQL on 127.0.0.1:{}, data in {}", port, dataDirectory);
      return database;
    } catch (IOException | IllegalStateException e) {
      throw new IllegalStateException(
          "cannot start the embedded PostgreSQL in "
              + dataDirectory
              + " on port "
              + port
              + " (set LUMINA_DB_URL to use another server)",
          e);
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
