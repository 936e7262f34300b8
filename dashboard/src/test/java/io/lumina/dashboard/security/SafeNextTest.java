package io.lumina.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The login's {@code next} never leads off the dashboard. Each value is tried as the raw parameter
 * and as the servlet container hands it over (percent-decoded once).
 */
class SafeNextTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/%09/evil.com",
        "/%0a/evil.com",
        "/%0D%0A/evil.com",
        "/%00/evil.com",
        "//evil.com",
        "///evil.com",
        "/\\evil.com",
        "\\/evil.com",
        "/%5Cevil.com",
        "/%5C%5Cevil.com",
        "https://evil.com",
        "http:evil.com",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "/%2F%2Fevil.com",
        "/%2f/evil.com",
        "%2F%2Fevil.com",
        "/%252F%252Fevil.com",
        "/%25%30%39/evil.com",
        "/\t/evil.com",
        "/ /evil.com",
        "/\u3000/evil.com",
        "/\u202e/moc.live",
        "/%E2%80%AE/evil.com",
        "evil.com",
        "",
        " /traces",
        "/%",
        "/%zz",
        "/login?next=//evil.com",
        "/login",
      })
  void neverLeavesTheDashboard(String next) {
    for (String value : new String[] {next, decodedOnce(next)}) {
      String target = LoginController.safeNext(value);
      assertThat(target).as(value).isEqualTo("/");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/traces",
        "/traces?service=checkout&status=error",
        "/traces/0af7651916cd43dd8448eb211c80319c",
        "/replay/runs/run_1#results",
        "/alerts?status=firing",
      })
  void pathsOfTheDashboardAreKept(String next) {
    assertThat(LoginController.safeNext(next)).isEqualTo(next);
    URI target = URI.create("http://dashboard.local:3000").resolve(LoginController.safeNext(next));
    assertThat(target.getHost()).isEqualTo("dashboard.local");
  }

  private static String decodedOnce(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
