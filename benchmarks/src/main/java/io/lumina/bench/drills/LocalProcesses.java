package io.lumina.bench.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the machine's own server binaries (PostgreSQL's tools, nats-server) as the drills need. */
final class LocalProcesses {
  private LocalProcesses() {}

  /** PostgreSQL refuses to run as root: the tools run as the {@code postgres} user then. */
  static List<String> asPostgresUser(List<String> command) {
    if (!"root".equals(System.getProperty("user.name"))) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Runs a command to completion, failing with its output when it exits non-zero. */
  static void run(List<String> command, Path log) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n" + tail(log, 15));
    }
  }

  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The directory of PostgreSQL's server binaries on this machine (Debian's layout). */
  static Path postgresBin() {
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("pg_basebackup")))
          .max(Path::compareTo)
          .orElseThrow(
              () -> new IllegalStateException("no PostgreSQL binaries under /usr/lib/postgresql"));
    } catch (IOException e) {
      throw new IllegalStateException("no PostgreSQL binaries under /usr/lib/postgresql", e);
    }
  }
}
