package io.lumina.platform;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the all-in-one launcher reads from the environment before any Spring context exists.
 *
 * @param databaseUrl {@code LUMINA_DB_URL}; null starts the embedded PostgreSQL
 * @param databaseUser {@code LUMINA_DB_USER}, default {@code postgres}
 * @param databasePassword {@code LUMINA_DB_PASSWORD}, default empty
 * @param natsUrl {@code LUMINA_NATS_URL}; null queues spans in PostgreSQL instead of JetStream
 * @param home {@code LUMINA_HOME}, default {@code ~/.lumina}: where the embedded database keeps its
 *     data
 * @param embeddedDatabasePort {@code LUMINA_EMBEDDED_DB_PORT}, default 15432 (5432 is often taken)
 * @param secretKey {@code LUMINA_SECRET_KEY}; null: the key in {@code <home>/secret.key}, created
 *     at the first start
 */
record PlatformSettings(
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    String natsUrl,
    Path home,
    int embeddedDatabasePort,
    String secretKey) {

  static PlatformSettings fromEnvironment(Map<String, String> env) {
    String home = blankToNull(env.get("LUMINA_HOME"));
    String port = blankToNull(env.get("LUMINA_EMBEDDED_DB_PORT"));
    String user = blankToNull(env.get("LUMINA_DB_USER"));
    String password = env.get("LUMINA_DB_PASSWORD");
    return new PlatformSettings(
        blankToNull(env.get("LUMINA_DB_URL")),
        user != null ? user : "postgres",
        password != null ? password : "",
        blankToNull(env.get("LUMINA_NATS_URL")),
        home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".lumina"),
        port != null ? Integer.parseInt(port) : 15432,
        blankToNull(env.get("LUMINA_SECRET_KEY")));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
