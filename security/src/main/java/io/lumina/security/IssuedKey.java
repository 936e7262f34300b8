package io.lumina.security;

/**
 * A key just created: the only moment its secret exists outside the caller's hands. {@link
 * #toString()} leaves the secret out, so logging this record by accident leaks nothing.
 */
public record IssuedKey(ApiKey key, String secret) {
  @Override
  public String toString() {
    return "IssuedKey[key=" + key + ", secret=" + key.prefix() + "…]";
  }
}
