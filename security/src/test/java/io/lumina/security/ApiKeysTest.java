package io.lumina.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  @Test
  void generatedKeysArePrefixedUrlSafeAndCarry256RandomBits() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String key = ApiKeys.generate();
      assertThat(key).startsWith("lum_").hasSize(4 + 43).matches("lum_[A-Za-z0-9_-]{43}");
      assertThat(seen.add(key)).as("keys never repeat").isTrue();
    }
  }

  @Test
  void hashIsSha256OfTheUtf8Key() {
    // SHA-256("abc"), the FIPS 180-2 test vector
    assertThat(HexFormat.of().formatHex(ApiKeys.hash("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(ApiKeys.hash("lum_x")).hasSize(32).isEqualTo(ApiKeys.hash("lum_x"));
    assertThat(ApiKeys.hash("lum_x")).isNotEqualTo(ApiKeys.hash("lum_y"));
  }

  @Test
  void displayPrefixKeepsTwelveCharactersOfAKeyAndNeverAShortSecretWhole() {
    assertThat(ApiKeys.displayPrefix("lum_abcdefghijklmnop")).isEqualTo("lum_abcdefgh");
    assertThat(ApiKeys.displayPrefix("short-secret")).isEqualTo("shor");
  }

  @Test
  void rolesParseInAnyCaseAndPermitByRoleNotByLadder() {
    assertThat(ApiKeyRole.parse(" Read ")).isEqualTo(ApiKeyRole.READ);
    assertThatThrownBy(() -> ApiKeyRole.parse("root")).hasMessageContaining("ingest, read, admin");
    assertThatThrownBy(() -> ApiKeyRole.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ApiKeyRole.INGEST.permits(ApiKeyRole.READ)).isFalse();
    assertThat(ApiKeyRole.READ.permits(ApiKeyRole.INGEST)).isFalse();
    assertThat(ApiKeyRole.READ.permits(ApiKeyRole.ADMIN)).isFalse();
    assertThat(ApiKeyRole.ADMIN.permits(ApiKeyRole.INGEST)).isTrue();
    assertThat(ApiKeyRole.ADMIN.permits(ApiKeyRole.READ)).isTrue();
  }

  @Test
  void issuedKeyNeverPrintsItsSecret() {
    String secret = ApiKeys.generate();
    IssuedKey issued =
        new IssuedKey(Keys.key("p", ApiKeyRole.READ, ApiKeys.displayPrefix(secret)), secret);
    assertThat(issued.toString()).doesNotContain(secret).contains(ApiKeys.displayPrefix(secret));
  }

  @Test
  void projectIdsFollowTheDatabaseRule() {
    assertThat(Project.requireValidId("team-a_1")).isEqualTo("team-a_1");
    for (String bad :
        new String[] {"", "-a", "A", "a b", "a'; DROP TABLE spans;--", "x".repeat(64)}) {
      assertThatThrownBy(() -> Project.requireValidId(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
