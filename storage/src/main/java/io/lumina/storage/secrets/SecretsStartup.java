package io.lumina.storage.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Runs once the migrations have: refuses to start when the database holds secrets this service
 * cannot open (no key, or another key), and encrypts values still stored in clear (rows from before
 * encryption), so no secret stays readable in the database once a key is set.
 */
public final class SecretsStartup implements InitializingBean {
  private static final Logger log = LoggerFactory.getLogger(SecretsStartup.class);

  private final SealedColumns columns;
  private final Secrets secrets;

  public SecretsStartup(SealedColumns columns, Secrets secrets) {
    this.columns = columns;
    this.secrets = secrets;
  }

  @Override
  public void afterPropertiesSet() {
    run(columns, secrets);
  }

  /**
   * @throws IllegalStateException with the fix, when encrypted secrets exist that the configured
   *     key (or its absence) cannot open
   */
  public static void run(SealedColumns columns, Secrets secrets) {
    SealedColumns.Census census = columns.census();
    SecretCipher key = secrets.cipher();
    if (key == null) {
      if (!census.keyIds().isEmpty()) {
        throw new IllegalStateException(
            "the database holds encrypted notification-channel secrets (key "
                + String.join(", ", census.keyIds())
                + ") but no key is configured: set LUMINA_SECRET_KEY (lumina.secrets.key) to the key "
                + "they were encrypted with (docs/security.md)");
      }
      if (census.clearRows() > 0) {
        log.warn(
            "{} notification channels keep their URL or secret in clear: set LUMINA_SECRET_KEY "
                + "(docs/security.md) and they are encrypted at the next start",
            census.clearRows());
      }
      return;
    }
    var foreign = new java.util.TreeSet<>(census.keyIds());
    foreign.remove(key.keyId());
    if (!foreign.isEmpty()) {
      throw new IllegalStateException(
          "the database holds notification-channel secrets encrypted with key "
              + String.join(", ", foreign)
              + " but LUMINA_SECRET_KEY is key "
              + key.keyId()
              + ": configure the key they were encrypted with, or re-encrypt them with "
              + "`./lumina secrets rotate` (docs/security.md)");
    }
    if (census.clearRows() > 0) {
      int changed = columns.reseal(null, key, 100);
      log.info("encrypted the URL and secret of {} notification channels", changed);
    }
  }
}
