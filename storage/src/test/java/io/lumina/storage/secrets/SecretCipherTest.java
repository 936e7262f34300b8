package io.lumina.storage.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretCipherTest {
  private final SecretCipher cipher = SecretCipher.fromBase64(SecretCipher.generateBase64());

  @Test
  void sealsWithAFreshNonceAndOpensWhatItSealed() {
    String a = cipher.seal("https://hooks.slack.com/services/T0/B0/secret", "t.url");
    String b = cipher.seal("https://hooks.slack.com/services/T0/B0/secret", "t.url");
    assertThat(a).startsWith("v1:" + cipher.keyId() + ":").doesNotContain("hooks", "secret");
    assertThat(a).isNotEqualTo(b);
    assertThat(SecretCipher.isSealed(a)).isTrue();
    assertThat(cipher.open(a, "t.url")).isEqualTo("https://hooks.slack.com/services/T0/B0/secret");
    assertThat(cipher.open(b, "t.url")).isEqualTo(cipher.open(a, "t.url"));
  }

  @Test
  void aValueDoesNotOpenInAnotherColumnNorAfterTamperingNorUnderAnotherKey() {
    String sealed = cipher.seal("routing-key", "t.secret");
    assertThatThrownBy(() -> cipher.open(sealed, "t.url"))
        .isInstanceOf(SecretsUnavailableException.class);
    char last = sealed.charAt(sealed.length() - 1);
    String tampered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThatThrownBy(() -> cipher.open(tampered, "t.secret"))
        .isInstanceOf(SecretsUnavailableException.class);
    SecretCipher other = SecretCipher.fromBase64(SecretCipher.generateBase64());
    assertThatThrownBy(() -> other.open(sealed, "t.secret"))
        .isInstanceOf(SecretsUnavailableException.class)
        .hasMessageContaining(cipher.keyId())
        .hasMessageContaining("LUMINA_SECRET_KEY");
  }

  @Test
  void clearValuesAreNotTakenForSealedOnes() {
    assertThat(SecretCipher.isSealed("https://example.org/hook")).isFalse();
    assertThat(SecretCipher.isSealed("v1:short")).isFalse();
    assertThat(SecretCipher.isSealed(null)).isFalse();
  }

  @Test
  void aBadKeyIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> SecretCipher.fromBase64("c2hvcnQ="))
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining("c2hvcnQ=");
    assertThatThrownBy(() -> new SecretsProperties("not base64 !!"))
        .hasMessageContaining("lumina.secrets.key");
    assertThat(new SecretsProperties(SecretCipher.generateBase64()).toString())
        .isEqualTo("SecretsProperties[key=***]");
    assertThat(Secrets.of(null).open("https://clear.example/", "t.url"))
        .isEqualTo("https://clear.example/");
    assertThatThrownBy(() -> Secrets.of(null).seal("x", "t.url"))
        .isInstanceOf(SecretsUnavailableException.class)
        .hasMessageContaining("LUMINA_SECRET_KEY");
  }
}
