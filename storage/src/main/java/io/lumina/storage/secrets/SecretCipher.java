package io.lumina.storage.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under one key. A sealed value reads {@code v1:<key id>:<base64url(nonce ‖ ciphertext
 * ‖ tag)>}: the version says how to open it, the key id which key sealed it (so a rotation can tell
 * rows it still has to re-encrypt, and a start with the wrong key fails with a clear message). Each
 * value gets a fresh random 96-bit nonce; the column it belongs to is the associated data, so a
 * value copied into another column does not open.
 */
public final class SecretCipher {
  /** The prefix of every sealed value of this format. */
  public static final String PREFIX = "v1:";

  private static final Pattern SEALED = Pattern.compile("^v1:[0-9a-f]{8}:[A-Za-z0-9_-]{38,}$");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final String keyId;

  private SecretCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "a secret key is 32 bytes (base64: 44 characters); got " + key.length + " bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    this.keyId = keyId(key);
  }

  /**
   * The key from its base64 text (standard or URL alphabet).
   *
   * @throws IllegalArgumentException naming what is wrong, never echoing the value
   */
  public static SecretCipher fromBase64(String base64) {
    if (base64 == null || base64.isBlank()) {
      throw new IllegalArgumentException("the secret key is empty");
    }
    String text = base64.strip();
    byte[] bytes;
    try {
      bytes =
          text.indexOf('-') >= 0 || text.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(text)
              : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the secret key is not base64", e);
    }
    return new SecretCipher(bytes);
  }

  /** A new random key as base64, for the all-in-one's key file and the rotation command. */
  public static String generateBase64() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Whether {@code stored} is a sealed value (of any key), as opposed to a clear one. */
  public static boolean isSealed(String stored) {
    return stored != null && SEALED.matcher(stored).matches();
  }

  /** The id of the key that sealed {@code stored}; null for a clear value. */
  public static String keyIdOf(String stored) {
    return isSealed(stored) ? stored.substring(3, 11) : null;
  }

  /** Eight hex characters naming this key (a digest, from which the key cannot be recovered). */
  public String keyId() {
    return keyId;
  }

  /** Encrypts {@code plain} for {@code column}; null stays null. */
  public String seal(String plain, String column) {
    if (plain == null) {
      return null;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return PREFIX + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * Decrypts a value this key sealed for {@code column}.
   *
   * @throws SecretsUnavailableException when another key sealed it or it does not authenticate
   */
  public String open(String sealed, String column) {
    if (!isSealed(sealed)) {
      throw new IllegalArgumentException("not a sealed value");
    }
    String id = keyIdOf(sealed);
    if (!id.equals(keyId)) {
      throw new SecretsUnavailableException(
          "a secret in "
              + column
              + " was encrypted with key "
              + id
              + " but the configured key is "
              + keyId
              + ": set LUMINA_SECRET_KEY to the key it was encrypted with, or rotate (docs/security.md)");
    }
    byte[] all = Base64.getUrlDecoder().decode(sealed.substring(12));
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new SecretsUnavailableException(
          "a secret in " + column + " does not authenticate under key " + keyId, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  private static String keyId(byte[] key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("lumina secret key id\0".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(key), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "SecretCipher[" + keyId + "]";
  }
}
