package io.lumina.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The rules that need no database (store = null, as in the dashboard); the rest run in platform
 * ITs.
 */
class SecurityBootstrapTest {

  @Test
  void loopbackAddresses() {
    assertThat(SecurityBootstrap.isLoopback("127.0.0.1")).isTrue();
    assertThat(SecurityBootstrap.isLoopback("127.1.2.3")).isTrue();
    assertThat(SecurityBootstrap.isLoopback("::1")).isTrue();
    assertThat(SecurityBootstrap.isLoopback("localhost")).isTrue();
    assertThat(SecurityBootstrap.isLoopback("0.0.0.0")).isFalse();
    assertThat(SecurityBootstrap.isLoopback("10.1.2.3")).isFalse();
    assertThat(SecurityBootstrap.isLoopback(null)).as("unset = every interface").isFalse();
    assertThat(SecurityBootstrap.isLoopback("")).isFalse();
  }

  @Test
  void withoutKeysANonLoopbackBindRefusesToStartWithWhatToDo() {
    assertThatThrownBy(
            () -> SecurityBootstrap.start(null, "", "0.0.0.0", false, Duration.ofSeconds(5), "svc"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LUMINA_ADMIN_KEY")
        .hasMessageContaining("LUMINA_BIND_ADDRESS=127.0.0.1");
    assertThat(
            SecurityBootstrap.start(null, "", "0.0.0.0", true, Duration.ofSeconds(5), "svc")
                .enabled())
        .as("explicitly allowed: starts with auth off")
        .isFalse();
    assertThat(
            SecurityBootstrap.start(null, null, "127.0.0.1", false, Duration.ofSeconds(5), "svc")
                .enabled())
        .isFalse();
  }

  @Test
  void aConfiguredAdminKeyTurnsAuthOnAndMustBeLong() {
    assertThat(
            SecurityBootstrap.start(
                    null, "x".repeat(32), "0.0.0.0", false, Duration.ofSeconds(5), "svc")
                .enabled())
        .isTrue();
    assertThatThrownBy(
            () ->
                SecurityBootstrap.start(null, "changeme", "127.0.0.1", false, Duration.ZERO, "svc"))
        .hasMessageContaining("shorter than 32")
        .hasMessageNotContaining("changeme");
  }
}
