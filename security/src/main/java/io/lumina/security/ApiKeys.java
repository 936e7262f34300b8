package io.lumina.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Making and hashing API keys.
 *
 * <p>A key is {@code lum_} followed by 32 random bytes from {@link SecureRandom} in unpadded
 * base64url (43 characters): 256 bits of entropy, safe in URLs, headers and shell variables, and
 * recognisable by secret scanners thanks to the prefix.
 *
 * <p>Only {@link #hash SHA-256} of a key is stored. A slow password hash (bcrypt, scrypt, PBKDF2,
 * Argon2) exists to make guessing <em>low-entropy</em> secrets expensive after a database leak;
 * guessing a 256-bit random key is impossible at any hash speed, so a slow hash would only make
 * every request pay tens of milliseconds for no gain. A fast, unsalted digest also lets the key be
 * found by an index lookup ({@code key_hash} is unique) instead of comparing against every stored
 * hash. Keys chosen by an operator ({@code lumina.security.admin-key}) get the same treatment,
 * which is why they must be long (see {@link SecurityBootstrap#MIN_CONFIGURED_KEY_LENGTH}).
 */
public final class ApiKeys {
  /** What every generated key starts with. */
  public static final String PREFIX = "lum_";

  /** Characters of a key kept in clear for listings: the prefix and 8 characters of randomness. */
  public static final int DISPLAY_PREFIX_LENGTH = 12;

  static final int RANDOM_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private ApiKeys() {}

  /** A new random key. It is shown to its creator once and never stored. */
  public static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + ENCODER.encodeToString(bytes);
  }

  /** The SHA-256 digest of a key (its UTF-8 bytes): what is stored and looked up. */
  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The first characters of a key, shown in listings so a person can tell keys apart. */
  public static String displayPrefix(String key) {
    return key.length() <= DISPLAY_PREFIX_LENGTH
        ? key.substring(0, Math.min(4, key.length()))
        : key.substring(0, DISPLAY_PREFIX_LENGTH);
  }
}
