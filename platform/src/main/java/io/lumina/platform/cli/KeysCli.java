package io.lumina.platform.cli;

import io.lumina.security.ApiKey;
import io.lumina.security.ApiKeyRole;
import io.lumina.security.IssuedKey;
import io.lumina.security.PasswordHashes;
import io.lumina.security.Project;
import io.lumina.security.ProjectKeyStore;
import io.lumina.storage.keys.JdbcProjectKeyStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Projects and API keys from the command line, straight against the database (for the first key, or
 * when the admin API is not reachable):
 *
 * <pre>
 * java -cp lumina-platform.jar -Dloader.main=io.lumina.platform.cli.KeysCli org.springframework.boot.loader.launch.PropertiesLauncher \
 *     create-key --project default --role admin --name ops
 * </pre>
 *
 * Commands: {@code create-project --id ID [--name NAME]}, {@code list-projects}, {@code create-key
 * --project ID --role ingest|read|admin [--name NAME]}, {@code list-keys --project ID}, {@code
 * revoke-key --id KEY_ID}, {@code hash-password} (reads the password from standard input). The
 * database comes from {@code LUMINA_DB_URL}, {@code LUMINA_DB_USER}, {@code LUMINA_DB_PASSWORD} (or
 * {@code --db-url}, {@code --db-user}, {@code --db-password}); its schema must exist (start any
 * service once). A created key is printed once, on standard output, and nowhere else.
 */
public final class KeysCli {
  private final ProjectKeyStore store;
  private final PrintStream out;

  KeysCli(ProjectKeyStore store, PrintStream out) {
    this.store = store;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(usage());
      System.exit(2);
    }
    Map<String, String> options = options(args);
    if (args[0].equals("hash-password")) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String password =
          System.console() != null
              ? new String(System.console().readPassword("password: "))
              : in.readLine();
      System.out.println(PasswordHashes.hash(password == null ? "" : password));
      return;
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(
        options.getOrDefault(
            "db-url", env("LUMINA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/lumina")));
    dataSource.setUser(options.getOrDefault("db-user", env("LUMINA_DB_USER", "postgres")));
    dataSource.setPassword(options.getOrDefault("db-password", env("LUMINA_DB_PASSWORD", "")));
    int status = run(new JdbcProjectKeyStore(dataSource), args, System.out, System.err);
    System.exit(status);
  }

  /** Runs one command; returns the process exit status (0 ok, 1 failed, 2 bad usage). */
  public static int run(ProjectKeyStore keys, String[] args, PrintStream out, PrintStream err) {
    try {
      return new KeysCli(keys, out).execute(args[0], options(args));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(usage());
      return 2;
    } catch (RuntimeException e) {
      err.println("failed: " + e.getMessage());
      return 1;
    }
  }

  private int execute(String command, Map<String, String> o) {
    switch (command) {
      case "create-project" -> {
        String id = required(o, "id");
        Project p =
            store
                .createProject(id, o.getOrDefault("name", id))
                .orElseThrow(
                    () -> new IllegalStateException("project '" + id + "' already exists"));
        out.println("created project " + p.id());
      }
      case "list-projects" ->
          store.listProjects().forEach(p -> out.println(p.id() + "\t" + p.name()));
      case "create-key" -> {
        String project = required(o, "project");
        ApiKeyRole role = ApiKeyRole.parse(required(o, "role"));
        IssuedKey issued =
            store
                .issueKey(project, o.getOrDefault("name", "cli key"), role)
                .orElseThrow(() -> new IllegalStateException("no project '" + project + "'"));
        out.println("key id: " + issued.key().id());
        out.println("role:   " + role.name().toLowerCase(Locale.ROOT) + " in project " + project);
        out.println("key:    " + issued.secret());
        out.println("(shown once: only its SHA-256 digest is stored)");
      }
      case "list-keys" -> {
        List<ApiKey> keys = store.listKeys(required(o, "project"));
        for (ApiKey k : keys) {
          out.println(
              k.id()
                  + "\t"
                  + k.prefix()
                  + "…\t"
                  + k.role().name().toLowerCase(Locale.ROOT)
                  + "\t"
                  + k.name()
                  + "\tcreated "
                  + k.createdAt()
                  + (k.active() ? "" : "\trevoked " + k.revokedAt()));
        }
      }
      case "revoke-key" -> {
        UUID id = UUID.fromString(required(o, "id"));
        ApiKey k = store.revoke(id).orElseThrow(() -> new IllegalStateException("no key " + id));
        out.println("revoked " + k.id() + " (" + k.prefix() + "…) of project " + k.projectId());
      }
      default -> throw new IllegalArgumentException("unknown command '" + command + "'");
    }
    return 0;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "expected --name value pairs after the command, got '" + args[i] + "'");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String usage() {
    return """
        usage: KeysCli <command> [--option value]...
          create-project --id ID [--name NAME]
          list-projects
          create-key --project ID --role ingest|read|admin [--name NAME]
          list-keys --project ID
          revoke-key --id KEY_ID
          hash-password            (password on standard input)""";
  }
}
