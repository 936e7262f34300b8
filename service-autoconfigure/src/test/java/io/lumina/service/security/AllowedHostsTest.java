package io.lumina.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {

  private final AllowedHosts defaults = new AllowedHosts(List.of());
  private final AllowedHosts named = new AllowedHosts(List.of("Lumina.Example.com", "::1"));

  @Test
  void withAuthenticationOffOnlyLoopbackNamesAreAccepted() {
    for (String host : List.of("localhost", "localhost:3000", "127.0.0.1:8081", "[::1]:9411")) {
      assertThat(defaults.allowsHost(host, false)).as(host).isTrue();
    }
    for (String host :
        List.of("evil.example", "127.0.0.1.evil.example", "10.0.0.1", "", "localhost.evil")) {
      assertThat(defaults.allowsHost(host, false)).as(host).isFalse();
    }
    assertThat(defaults.allowsHost(null, false)).isFalse();
  }

  @Test
  void withAuthenticationOnAndNothingConfiguredAnyNameIsAccepted() {
    assertThat(defaults.allowsHost("evil.example", true)).isTrue();
    assertThat(defaults.allowsOrigin("http://evil.example", true)).isTrue();
  }

  @Test
  void configuredNamesApplyWhateverTheAuthentication() {
    for (boolean auth : List.of(true, false)) {
      assertThat(named.allowsHost("lumina.example.com:443", auth)).isTrue();
      assertThat(named.allowsHost("[::1]:8081", auth)).isTrue();
      assertThat(named.allowsHost("localhost", auth)).isFalse();
      assertThat(named.allowsOrigin("https://lumina.example.com", auth)).isTrue();
      assertThat(named.allowsOrigin("https://evil.example", auth)).isFalse();
    }
  }

  @Test
  void originsMustBeWebOriginsOfAnAllowedName() {
    assertThat(defaults.allowsOrigin("http://localhost:3000", false)).isTrue();
    assertThat(defaults.allowsOrigin("http://[::1]:3000", false)).isTrue();
    for (String origin :
        List.of("null", "file://", "http://evil.example", "chrome-extension://x", "http://%", "")) {
      assertThat(defaults.allowsOrigin(origin, false)).as(origin).isFalse();
    }
  }

  @Test
  void settingsRefuseUrlsAndPorts() {
    assertThatThrownBy(() -> new LuminaHttpProperties(List.of("https://lumina.example.com")))
        .hasMessageContaining("lumina.http.allowed-hosts");
    assertThatThrownBy(() -> new LuminaHttpProperties(List.of("lumina.example.com:443")))
        .hasMessageContaining("no scheme, port or path");
    assertThat(new LuminaHttpProperties(List.of("a.example", "10.0.0.5", "[::1]")).allowedHosts())
        .hasSize(3);
  }
}
