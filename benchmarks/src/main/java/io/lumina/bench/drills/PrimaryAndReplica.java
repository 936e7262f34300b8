package io.lumina.bench.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A PostgreSQL primary and a streaming replica of it, from the machine's own binaries in a scratch
 * directory, on ports of their own: what a production read replica is, small enough for one
 * machine. The replica is made by {@code pg_basebackup -R} and can be killed and started again.
 */
final class PrimaryAndReplica implements AutoCloseable {
  private final Path root;
  private final Path bin = LocalProcesses.postgresBin();
  private final int primaryPort;
  private final int replicaPort;

  private PrimaryAndReplica(Path root, int primaryPort, int replicaPort) {
    this.root = root;
    this.primaryPort = primaryPort;
    this.replicaPort = replicaPort;
  }

  static PrimaryAndReplica start(Path root, int primaryPort, int replicaPort)
      throws IOException, InterruptedException, SQLException {
    Files.createDirectories(root);
    if ("root".equals(System.getProperty("user.name"))) {
      LocalProcesses.run(
          List.of("chown", "-R", "postgres", root.toString()), root.resolve("setup.log"));
    }
    PrimaryAndReplica pg = new PrimaryAndReplica(root, primaryPort, replicaPort);
    pg.tool("initdb", "-D", pg.primaryDir().toString(), "-A", "trust", "-U", "postgres");
    Files.writeString(
        pg.primaryDir().resolve("postgresql.conf"),
        """

        listen_addresses = '127.0.0.1'
        port = %d
        unix_socket_directories = '%s'
        wal_level = replica
        max_wal_senders = 5
        max_connections = 200
        shared_buffers = 256MB
        synchronous_commit = on
        """
            .formatted(primaryPort, root),
        java.nio.file.StandardOpenOption.APPEND);
    pg.startPrimary();
    try (Connection c = DriverManager.getConnection(pg.primaryUrl("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE lumina");
    }
    pg.tool(
        "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        Integer.toString(primaryPort),
        "-U",
        "postgres",
        "-D",
        pg.replicaDir().toString(),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast");
    Files.writeString(
        pg.replicaDir().resolve("postgresql.auto.conf"),
        "port = %d%nhot_standby = on%n".formatted(replicaPort),
        java.nio.file.StandardOpenOption.APPEND);
    pg.startReplica();
    return pg;
  }

  private Path primaryDir() {
    return root.resolve("primary");
  }

  private Path replicaDir() {
    return root.resolve("replica");
  }

  String primaryUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/" + database;
  }

  String replicaUrl() {
    return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/lumina";
  }

  void startPrimary() throws IOException, InterruptedException {
    pgCtl(primaryDir(), "start", "-w", "-l", root.resolve("primary.log").toString());
  }

  void startReplica() throws IOException, InterruptedException {
    pgCtl(replicaDir(), "start", "-w", "-l", root.resolve("replica.log").toString());
  }

  /** Stops the replica as a crash would: no checkpoint, connections cut. */
  void killReplica() throws IOException, InterruptedException {
    pgCtl(replicaDir(), "stop", "-m", "immediate", "-w");
  }

  private void pgCtl(Path dir, String... args) throws IOException, InterruptedException {
    java.util.ArrayList<String> command = new java.util.ArrayList<>();
    command.add(bin.resolve("pg_ctl").toString());
    command.add("-D");
    command.add(dir.toString());
    command.addAll(List.of(args));
    LocalProcesses.run(LocalProcesses.asPostgresUser(command), root.resolve("pg_ctl.log"));
  }

  private void tool(String name, String... args) throws IOException, InterruptedException {
    java.util.ArrayList<String> command = new java.util.ArrayList<>();
    command.add(bin.resolve(name).toString());
    command.addAll(List.of(args));
    LocalProcesses.run(LocalProcesses.asPostgresUser(command), root.resolve("setup.log"));
  }

  @Override
  public void close() {
    for (Path dir : List.of(replicaDir(), primaryDir())) {
      try {
        pgCtl(dir, "stop", "-m", "fast", "-w");
      } catch (IOException | InterruptedException e) {
        // already stopped
      }
    }
  }
}
