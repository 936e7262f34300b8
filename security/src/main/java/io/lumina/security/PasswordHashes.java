package io.lumina.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Passwords of dashboard users. Unlike API keys, passwords are chosen by people and have little
 * entropy, so they get a slow, salted hash: PBKDF2-HMAC-SHA256 (in every JDK, no dependency) with
 * 310,000 iterations (OWASP's 2023 figure for this function). Stored form: {@code
 * pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}.
 */
public final class PasswordHashes {
  public static final String SCHEME = "pbkdf2-sha256";
  static final int DEFAULT_ITERATIONS = 310_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHashes() {}

  public static String hash(String password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  static String hash(String password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return SCHEME
        + "$"
        + iterations
        + "$"
        + Base64.getEncoder().encodeToString(salt)
        + "$"
        + Base64.getEncoder().encodeToString(pbkdf2(password, salt, iterations));
  }

  /** Whether {@code stored} is in the hashed form rather than a password in clear. */
  public static boolean isHash(String stored) {
    return stored != null && stored.startsWith(SCHEME + "$");
  }

  /**
   * Checks a password against its stored form, in constant time. A stored value not in the hashed
   * form is compared as a password in clear (allowed for local setups; the dashboard warns at
   * start).
   */
  public static boolean matches(String password, String stored) {
    if (password == null || stored == null) {
      return false;
    }
    if (!isHash(stored)) {
      return MessageDigest.isEqual(ApiKeys.hash(password), ApiKeys.hash(stored));
    }
    String[] parts = stored.split("\\$");
    if (parts.length != 4) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return iterations > 0 && MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
