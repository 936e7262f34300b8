package io.lumina.replay.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.lumina.outbound.OutboundAllowList;
import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replay providers go through the outbound policy: a base URL with a refused literal address stops
 * the configuration naming the provider and the rule; a name resolving to loopback, a redirect to
 * loopback and a trickling answer reach nothing or end at the call's deadline.
 */
class ProviderOutboundPolicyTest {

  private static HttpServer server;
  private static final AtomicInteger hits = new AtomicInteger();

  /** Allows only the name {@code fake.test}; {@code rebind.test} also resolves to loopback. */
  private static final OutboundHttpClient CLIENT =
      new OutboundHttpClient(
          new OutboundPolicy(
              new OutboundAllowList(List.of("fake.test")),
              host -> {
                if (host.equals("fake.test") || host.equals("rebind.test")) {
                  return List.of(InetAddress.getLoopbackAddress());
                }
                throw new UnknownHostException(host);
              }),
          1024 * 1024);

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          hits.incrementAndGet();
          ex.getRequestBody().readAllBytes();
          if (ex.getRequestURI().getPath().startsWith("/redirect")) {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/v1");
            ex.sendResponseHeaders(302, -1);
          } else if (ex.getRequestURI().getPath().startsWith("/trickle")) {
            ex.sendResponseHeaders(200, 1000);
            try {
              for (int i = 0; i < 1000; i++) {
                ex.getResponseBody().write(' ');
                ex.getResponseBody().flush();
                Thread.sleep(1000);
              }
            } catch (Exception e) {
              // the client gave up: expected
            }
          } else {
            ex.sendResponseHeaders(500, -1);
          }
          ex.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static int port() {
    return server.getAddress().getPort();
  }

  private static LlmProviders providers(ReplayProperties.ProviderType type, String baseUrl) {
    ReplayProperties.Provider settings =
        new ReplayProperties.Provider(type, URI.create(baseUrl), "k", "m", null, null, null);
    return new LlmProviders(
        new ReplayProperties(
            1,
            Duration.ofSeconds(2),
            1,
            Duration.ZERO,
            Duration.ZERO,
            10,
            0.8,
            null,
            Map.of("p", settings)),
        CLIENT,
        Clock.systemUTC());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8000/v1, loopback",
        "http://[::1]:8000/v1, loopback",
        "http://localhost:11434/v1, loopback",
        "http://169.254.169.254/, cloud metadata",
        "http://10.0.0.1/v1, private",
        "http://192.168.1.1/v1, private",
        "http://[fc00::1]/v1, unique-local",
        "http://[::ffff:127.0.0.1]/v1, loopback",
        "http://2130706433/v1, loopback",
        "http://0177.0.0.1/v1, loopback",
      })
  void aRefusedLiteralBaseUrlStopsTheConfigurationNamingTheRule(String line) {
    String[] parts = line.split(", ");
    for (ReplayProperties.ProviderType type : ReplayProperties.ProviderType.values()) {
      assertThatThrownBy(() -> providers(type, parts[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lumina.replay.providers.p.base-url")
          .hasMessageContaining(parts[1])
          .hasMessageContaining("lumina.outbound.allow");
    }
  }

  @ParameterizedTest
  @EnumSource(ReplayProperties.ProviderType.class)
  void aNameResolvingToLoopbackIsRefusedWhenCalling(ReplayProperties.ProviderType type) {
    hits.set(0);
    LlmProvider provider =
        providers(type, "http://rebind.test:" + port() + "/v1").find("p").orElseThrow();
    assertThatThrownBy(() -> provider.complete(LlmProviderContract.request(Duration.ofSeconds(2))))
        .isInstanceOf(ProviderCallException.class)
        .hasMessageContaining("refused")
        .hasMessageContaining("loopback")
        .extracting(e -> ((ProviderCallException) e).kind())
        .isEqualTo(ProviderCallException.Kind.UNREACHABLE);
    assertThat(hits).hasValue(0);
  }

  @ParameterizedTest
  @EnumSource(ReplayProperties.ProviderType.class)
  void aRedirectIsNotFollowed(ReplayProperties.ProviderType type) {
    hits.set(0);
    LlmProvider provider =
        providers(type, "http://fake.test:" + port() + "/redirect").find("p").orElseThrow();
    assertThatThrownBy(() -> provider.complete(LlmProviderContract.request(Duration.ofSeconds(2))))
        .isInstanceOf(ProviderCallException.class)
        .hasMessageContaining("302");
    assertThat(hits).hasValue(1);
  }

  @Test
  void aTricklingAnswerEndsAtTheCallsDeadline() {
    LlmProvider provider =
        providers(ReplayProperties.ProviderType.OPENAI, "http://fake.test:" + port() + "/trickle")
            .find("p")
            .orElseThrow();
    long start = System.nanoTime();
    assertThatThrownBy(() -> provider.complete(LlmProviderContract.request(Duration.ofSeconds(2))))
        .isInstanceOf(ProviderCallException.class)
        .extracting(e -> ((ProviderCallException) e).kind())
        .isEqualTo(ProviderCallException.Kind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
