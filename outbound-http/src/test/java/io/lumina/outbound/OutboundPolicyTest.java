package io.lumina.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundPolicyTest {

  /** Names mapped without DNS: one rebinding to loopback, one to the metadata service. */
  static final HostResolver RESOLVER =
      host ->
          switch (host) {
            case "rebind.test", "fake.test" -> List.of(InetAddress.getByName("127.0.0.1"));
            case "metadata.test" -> List.of(InetAddress.getByName("169.254.169.254"));
            case "split.test" ->
                List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.1.2.3"));
            case "public.test" -> List.of(InetAddress.getByName("93.184.215.14"));
            default -> throw new UnknownHostException(host);
          };

  private final OutboundPolicy strict = new OutboundPolicy(OutboundAllowList.NONE, RESOLVER);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://127.0.0.1/, loopback",
    "http://[::1]/, loopback",
    "http://localhost:8090/actuator/env, loopback",
    "http://api.localhost/, loopback",
    "http://169.254.169.254/latest/meta-data/, cloud metadata",
    "http://[fd00:ec2::254]/, cloud metadata",
    "http://10.0.0.1/, private",
    "http://172.16.5.4/, private",
    "http://192.168.1.1/, private",
    "http://100.64.0.1/, shared address space",
    "http://169.254.1.1/, link-local",
    "http://[fe80::1]/, link-local",
    "http://[fc00::1]/, unique-local",
    "http://[::ffff:127.0.0.1]/, loopback",
    "http://[::ffff:7f00:1]/, loopback",
    "http://[::127.0.0.1]/, loopback",
    "http://[64:ff9b::a9fe:a9fe]/, cloud metadata",
    "http://[2002:7f00:1::]/, loopback",
    "http://2130706433/, loopback",
    "http://0177.0.0.1/, loopback",
    "http://0x7f.0.0.1/, loopback",
    "http://0x7f000001/, loopback",
    "http://127.1/, loopback",
    "http://017700000001/, loopback",
    "http://0/, unspecified",
    "http://0.0.0.0:8080/, unspecified",
    "http://[::]/, unspecified",
    "http://224.0.0.1/, multicast",
    "http://[ff02::1]/, multicast",
    "http://255.255.255.255/, reserved",
    "https://user:pw@127.0.0.1:443/x, loopback",
  })
  void literalRefusedAddressesAreRefusedWhenConfiguredAndWhenSent(String url, String rule) {
    assertThatThrownBy(() -> strict.checkConfigured(url))
        .isInstanceOf(OutboundRefusedException.class)
        .hasMessageContaining(rule)
        .hasMessageContaining("lumina.outbound.allow");
    assertThatThrownBy(() -> strict.resolve(URI.create(url)))
        .isInstanceOf(OutboundRefusedException.class)
        .extracting(e -> ((OutboundRefusedException) e).rule().label())
        .isEqualTo(rule);
  }

  @ParameterizedTest
  @CsvSource({
    "http://rebind.test/hook, loopback, 127.0.0.1",
    "http://metadata.test/, cloud metadata, 169.254.169.254",
    "http://split.test/, private, 10.1.2.3",
  })
  void namesResolvingToARefusedAddressAreRefusedWhenSent(String url, String rule, String address)
      throws Exception {
    strict.checkConfigured(url); // a name cannot be judged without resolving it
    assertThatThrownBy(() -> strict.resolve(URI.create(url)))
        .isInstanceOf(OutboundRefusedException.class)
        .hasMessageContaining(rule)
        .hasMessageContaining(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/",
        "file:///etc/passwd",
        "gopher://example.com/",
        "http:///nohost",
        "http://1.2.3.4.5/",
        "http://256.1.1.1/",
        "http://09.1.1.1/",
        "http://[fe80::1%25eth0]/",
      })
  void unusableUrlsAreRefusedWithoutARule(String url) {
    assertThatThrownBy(() -> strict.checkConfigured(url))
        .isInstanceOf(OutboundRefusedException.class);
  }

  @Test
  void publicAddressesAndNamesPass() throws Exception {
    strict.checkConfigured("https://hooks.slack.com/services/T/B/X");
    strict.checkConfigured("https://events.pagerduty.com/v2/enqueue");
    strict.checkConfigured("http://93.184.215.14:8080/x");
    OutboundPolicy.Target t = strict.resolve(URI.create("https://public.test:8443/hook?a=1"));
    assertThat(t.tls()).isTrue();
    assertThat(t.port()).isEqualTo(8443);
    assertThat(t.hostHeader()).isEqualTo("public.test:8443");
    assertThat(t.addresses())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.215.14");
  }

  @Test
  void theAllowListNamesHostsAddressesAndBlocks() throws Exception {
    OutboundPolicy allowing =
        new OutboundPolicy(
            new OutboundAllowList(List.of("fake.test", "10.0.0.0/8", "::1", "*.corp.test")),
            RESOLVER);
    assertThatCode(() -> allowing.resolve(URI.create("http://fake.test:9000/")))
        .doesNotThrowAnyException();
    assertThatCode(() -> allowing.checkConfigured("http://10.20.30.40/"))
        .doesNotThrowAnyException();
    assertThatCode(() -> allowing.checkConfigured("http://[::1]:8080/")).doesNotThrowAnyException();
    assertThatCode(() -> allowing.checkConfigured("http://ollama.corp.test/"))
        .doesNotThrowAnyException();
    // an allowed name does not allow other names that resolve to the same address
    assertThatThrownBy(() -> allowing.resolve(URI.create("http://rebind.test/")))
        .isInstanceOf(OutboundRefusedException.class);
    assertThatThrownBy(() -> allowing.checkConfigured("http://127.0.0.1/"))
        .isInstanceOf(OutboundRefusedException.class);
    assertThatThrownBy(() -> allowing.checkConfigured("http://192.168.0.1/"))
        .isInstanceOf(OutboundRefusedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "bad host!", "1.2.3.4/x", "example.com/8", "300.1.1.1"})
  void badAllowListEntriesAreNamed(String entry) {
    assertThatThrownBy(() -> new OutboundAllowList(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(entry);
  }

  @Test
  void excerptsHaveNoControlCharactersAndAtMost200Characters() {
    assertThat(Excerpt.of("line1\r\nline2\u0000\u001b[31m\u202Eevil\tend"))
        .isEqualTo("line1 line2 [31m evil end");
    assertThat(Excerpt.of("x".repeat(5000))).hasSize(Excerpt.MAX).endsWith("...");
    assertThat(Excerpt.of(null)).isEmpty();
    Map<String, List<String>> none = Map.of();
    assertThat(
            new OutboundResponse(500, none, "<html>\n<b>oops</b>".getBytes(), false)
                .failureSummary())
        .isEqualTo("HTTP 500: <html> <b>oops</b>");
  }
}
