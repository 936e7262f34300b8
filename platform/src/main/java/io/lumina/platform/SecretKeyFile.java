package io.lumina.platform;

import io.lumina.storage.secrets.SecretCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one's key for secrets at rest when {@code LUMINA_SECRET_KEY} is not given: {@code
 * <LUMINA_HOME>/secret.key}, created on the first start, readable by its owner only. Losing it
 * makes the stored channel URLs and secrets unreadable (docs/security.md).
 */
public final class SecretKeyFile {
  private static final Logger log = LoggerFactory.getLogger(SecretKeyFile.class);
  static final String NAME = "secret.key";

  private SecretKeyFile() {}

  /** The key in {@code home}, created if there is none. */
  public static String loadOrCreate(Path home) {
    Path file = home.resolve(NAME);
    try {
      if (!Files.exists(file)) {
        write(file, SecretCipher.generateBase64());
        log.info("created the key for secrets at rest: {} (back it up with the database)", file);
      }
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secret key file " + file, e);
    }
  }

  static String read(Path file) throws IOException {
    String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      SecretCipher.fromBase64(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + " does not hold a secret key: " + e.getMessage(), e);
    }
    return key;
  }

  /** Writes a new key file (owner-only where the file system has POSIX permissions). */
  static void write(Path file, String key) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(NAME + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
