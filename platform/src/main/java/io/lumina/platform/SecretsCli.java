package io.lumina.platform;

import io.lumina.storage.secrets.SealedColumns;
import io.lumina.storage.secrets.SecretCipher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code ./lumina secrets <command>}: the key that encrypts channel URLs and secrets at rest.
 *
 * <ul>
 *   <li>{@code generate-key}: prints a new random key (base64), for {@code LUMINA_SECRET_KEY}.
 *   <li>{@code rotate}: re-encrypts every stored secret under a new key, a hundred rows per short
 *       statement batch, safe to run while services are up (they must be restarted with the new key
 *       afterwards; until then the rows they read are sealed with a key they do not have). With
 *       {@code LUMINA_SECRET_KEY_OLD} set, rotates from it to {@code LUMINA_SECRET_KEY} in the
 *       database of {@code LUMINA_DB_URL}. Without it, rotates the all-in-one's key file ({@code
 *       <LUMINA_HOME>/secret.key}) to a new random key (or {@code LUMINA_SECRET_KEY} if set),
 *       starting the embedded database when {@code LUMINA_DB_URL} is not set (Lumina must be
 *       stopped then), and keeps the old key as {@code secret.key.old}.
 * </ul>
 */
public final class SecretsCli {
  private SecretsCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "" : args[0];
    try {
      switch (command) {
        case "generate-key" -> {
          out.println(SecretCipher.generateBase64());
          return 0;
        }
        case "rotate" -> {
          return rotate(env, out);
        }
        default -> {
          err.println("usage: ./lumina secrets generate-key | ./lumina secrets rotate");
          return 2;
        }
      }
    } catch (RuntimeException | IOException e) {
      err.println("rotation failed: " + e.getMessage());
      return 1;
    }
  }

  private static int rotate(Map<String, String> env, PrintStream out) throws IOException {
    PlatformSettings settings = PlatformSettings.fromEnvironment(env);
    String oldKey = blankToNull(env.get("LUMINA_SECRET_KEY_OLD"));
    if (oldKey != null) {
      if (settings.secretKey() == null) {
        throw new IllegalArgumentException(
            "LUMINA_SECRET_KEY_OLD is set: set LUMINA_SECRET_KEY to the new key too");
      }
      if (settings.databaseUrl() == null) {
        throw new IllegalArgumentException("set LUMINA_DB_URL to the database to rotate");
      }
      int changed =
          reseal(
              settings,
              settings.databaseUrl(),
              SecretCipher.fromBase64(oldKey),
              SecretCipher.fromBase64(settings.secretKey()));
      out.println(
          "re-encrypted "
              + changed
              + " rows under key "
              + SecretCipher.fromBase64(settings.secretKey()).keyId()
              + "; restart every service with the new LUMINA_SECRET_KEY");
      return 0;
    }
    Path file = settings.home().resolve(SecretKeyFile.NAME);
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          "no "
              + file
              + ": set LUMINA_SECRET_KEY_OLD and LUMINA_SECRET_KEY to rotate a key you manage");
    }
    SecretCipher from = SecretCipher.fromBase64(SecretKeyFile.read(file));
    String newKey =
        settings.secretKey() != null ? settings.secretKey() : SecretCipher.generateBase64();
    SecretCipher to = SecretCipher.fromBase64(newKey);
    int changed;
    if (settings.databaseUrl() != null) {
      changed = reseal(settings, settings.databaseUrl(), from, to);
    } else {
      try (EmbeddedDatabase db =
          EmbeddedDatabase.start(
              settings.home().resolve("postgres"), settings.embeddedDatabasePort())) {
        changed = reseal(settings, db.jdbcUrl(), from, to);
      }
    }
    Files.copy(
        file,
        file.resolveSibling(SecretKeyFile.NAME + ".old"),
        StandardCopyOption.REPLACE_EXISTING);
    SecretKeyFile.write(file, newKey);
    out.println(
        "re-encrypted "
            + changed
            + " rows under key "
            + to.keyId()
            + "; "
            + file
            + " holds the new key, "
            + SecretKeyFile.NAME
            + ".old the previous one");
    return 0;
  }

  private static int reseal(
      PlatformSettings settings, String url, SecretCipher from, SecretCipher to) {
    return SealedColumns.of(url, settings.databaseUser(), settings.databasePassword())
        .reseal(from, to, 100);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
