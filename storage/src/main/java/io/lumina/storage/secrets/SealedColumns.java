package io.lumina.storage.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every column that holds a secret: a notification channel's URL (Slack and many webhooks carry
 * their credential in it) and its secret (the webhook's HMAC key, PagerDuty's routing key). Finds
 * what is still clear or sealed with another key, and re-seals rows a batch at a time, each row in
 * its own short statement that changes it only if nobody changed it meanwhile.
 */
public final class SealedColumns {
  public static final String CHANNEL_URL = "notification_channels.url";
  public static final String CHANNEL_SECRET = "notification_channels.secret";

  private final JdbcTemplate jdbc;

  /**
   * The sealed columns of the database at {@code jdbcUrl}, for commands that run outside a service
   * (key rotation).
   */
  public static SealedColumns of(String jdbcUrl, String user, String password) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(jdbcUrl);
    ds.setUser(user);
    ds.setPassword(password);
    return new SealedColumns(new JdbcTemplate(ds));
  }

  public SealedColumns(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @param clearRows rows with a value not yet encrypted
   * @param keyIds the ids of the keys that sealed the encrypted values
   */
  public record Census(long clearRows, Set<String> keyIds) {}

  public Census census() {
    Long clear =
        jdbc.queryForObject(
            """
            SELECT count(*) FROM notification_channels
            WHERE url NOT LIKE 'v1:%' OR (secret IS NOT NULL AND secret NOT LIKE 'v1:%')""",
            Long.class);
    List<String> ids =
        jdbc.queryForList(
            """
            SELECT DISTINCT substr(v, 4, 8) FROM (
              SELECT url AS v FROM notification_channels
              UNION ALL SELECT secret FROM notification_channels) s
            WHERE v LIKE 'v1:%'""",
            String.class);
    return new Census(clear == null ? 0 : clear, new TreeSet<>(ids));
  }

  /**
   * Re-seals every row under {@code to}: values already sealed with it are left alone, clear values
   * are encrypted, values sealed with {@code from} are decrypted with it first. Safe to run while
   * services write channels and on several replicas at once.
   *
   * @param from the previous key, or null when only clear values are to be encrypted
   * @return how many rows were changed
   * @throws SecretsUnavailableException when a value was sealed with neither key
   */
  public int reseal(SecretCipher from, SecretCipher to, int batchSize) {
    int changed = 0;
    String after = "";
    while (true) {
      List<String[]> rows =
          jdbc.query(
              "SELECT id, url, secret FROM notification_channels WHERE id > ? ORDER BY id LIMIT ?",
              (rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
              after,
              batchSize);
      if (rows.isEmpty()) {
        return changed;
      }
      List<Object[]> updates = new ArrayList<>();
      for (String[] row : rows) {
        if (sealedWith(row[1], to) && (row[2] == null || sealedWith(row[2], to))) {
          continue;
        }
        String url = to.seal(open(row[1], CHANNEL_URL, from, to), CHANNEL_URL);
        String secret = to.seal(open(row[2], CHANNEL_SECRET, from, to), CHANNEL_SECRET);
        updates.add(new Object[] {url, secret, row[0], row[1], row[2]});
      }
      for (Object[] update : updates) {
        changed +=
            jdbc.update(
                """
                UPDATE notification_channels SET url = ?, secret = ?
                WHERE id = ? AND url = ? AND secret IS NOT DISTINCT FROM ?""",
                update);
      }
      after = rows.getLast()[0];
    }
  }

  private static boolean sealedWith(String value, SecretCipher cipher) {
    return cipher.keyId().equals(SecretCipher.keyIdOf(value));
  }

  private static String open(String value, String column, SecretCipher from, SecretCipher to) {
    if (value == null || !SecretCipher.isSealed(value)) {
      return value;
    }
    if (sealedWith(value, to)) {
      return to.open(value, column);
    }
    if (from == null) {
      throw new SecretsUnavailableException(
          "a secret in "
              + column
              + " was encrypted with key "
              + SecretCipher.keyIdOf(value)
              + ", which is not the configured key "
              + to.keyId());
    }
    return from.open(value, column);
  }
}
