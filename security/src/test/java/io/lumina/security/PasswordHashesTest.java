package io.lumina.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashesTest {

  @Test
  void hashedPasswordsMatchOnlyThemselvesAndAreSalted() {
    String stored = PasswordHashes.hash("correct horse", 1_000);
    assertThat(stored).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct horse");
    assertThat(PasswordHashes.isHash(stored)).isTrue();
    assertThat(PasswordHashes.matches("correct horse", stored)).isTrue();
    assertThat(PasswordHashes.matches("correct horsf", stored)).isFalse();
    assertThat(PasswordHashes.hash("correct horse", 1_000)).as("random salt").isNotEqualTo(stored);
  }

  @Test
  void clearTextAndMalformedStoredValues() {
    assertThat(PasswordHashes.matches("s3cret", "s3cret")).isTrue();
    assertThat(PasswordHashes.matches("s3cre", "s3cret")).isFalse();
    assertThat(PasswordHashes.matches("x", "pbkdf2-sha256$notanumber$AA==$AA==")).isFalse();
    assertThat(PasswordHashes.matches("x", "pbkdf2-sha256$1$!!$AA==")).isFalse();
    assertThat(PasswordHashes.matches(null, "x")).isFalse();
  }
}
