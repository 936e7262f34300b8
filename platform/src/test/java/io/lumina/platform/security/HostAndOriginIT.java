package io.lumina.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.platform.LuminaPlatform;
import io.lumina.platform.LuminaPlatform.Service;
import io.lumina.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every service answers only to the names it is reached by: with authentication off, the loopback
 * names; a foreign {@code Host} (a page that rebound its DNS name to 127.0.0.1) gets 421 and a
 * state-changing request from a foreign {@code Origin} 403, on all five services. Health stays open
 * to any name. Requests are written on a raw socket: HTTP clients will not send a foreign {@code
 * Host}.
 */
class HostAndOriginIT {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  private static TestDatabase db;
  private static LuminaPlatform platform;

  @BeforeAll
  static void start() {
    db = TestDatabase.createPrivate("host");
    platform =
        LuminaPlatform.start(
            List.of(Service.values()), ProjectIsolationIT.properties(db, RUN, Map.of()));
  }

  @AfterAll
  static void stop() {
    try {
      if (platform != null) {
        platform.close();
      }
    } finally {
      db.close();
    }
  }

  record Answer(int status, String text) {
    /** Refused by the host filter (other 403s, such as CORS or the dashboard's CSRF, are not). */
    boolean refusedByHostCheck() {
      return status == 421 || (status == 403 && text.contains("must come from an allowed origin"));
    }
  }

  static Answer send(int port, String method, String path, String host, String origin)
      throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      String request =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: "
              + host
              + "\r\n"
              + (origin == null ? "" : "Origin: " + origin + "\r\n")
              + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String statusLine = text.substring(0, Math.max(0, text.indexOf("\r\n")));
      return new Answer(Integer.parseInt(statusLine.split(" ")[1]), text);
    }
  }

  private static String path(Service service) {
    return switch (service) {
      case INGESTION -> "/v1/traces";
      case QUERY_API -> "/api/traces";
      case REPLAY_ENGINE -> "/api/replay/providers";
      case WORKER -> "/actuator/info";
      case DASHBOARD -> "/";
    };
  }

  @ParameterizedTest
  @EnumSource(Service.class)
  void aForeignHostIsMisdirected(Service service) throws IOException {
    int port = platform.port(service);
    Answer foreign = send(port, "GET", path(service), "rebound.evil.example:" + port, null);
    assertThat(foreign.status()).as(foreign.text()).isEqualTo(421);
    assertThat(foreign.text()).contains("LUMINA_ALLOWED_HOSTS");

    for (String name : List.of("127.0.0.1", "localhost", "[::1]")) {
      Answer local = send(port, "GET", path(service), name + ":" + port, null);
      assertThat(local.refusedByHostCheck()).as("%s %s: %s", service, name, local.text()).isFalse();
    }
    assertThat(send(port, "GET", "/actuator/health", "10.1.2.3:" + port, null).status())
        .as("probes reach health by the pod's address")
        .isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Service.class)
  void aStateChangingRequestFromAForeignOriginIsForbidden(Service service) throws IOException {
    int port = platform.port(service);
    String host = "127.0.0.1:" + port;
    for (String origin : List.of("http://evil.example", "null", "https://127.0.0.1.evil.example")) {
      for (String method : List.of("POST", "PUT", "DELETE")) {
        Answer refused = send(port, method, path(service), host, origin);
        assertThat(refused.status()).as("%s %s from %s", service, method, origin).isEqualTo(403);
        assertThat(refused.refusedByHostCheck()).as(refused.text()).isTrue();
      }
    }
    for (String origin : List.of("http://localhost:3000", "http://127.0.0.1:" + port)) {
      Answer local = send(port, "POST", path(service), host, origin);
      assertThat(local.refusedByHostCheck()).as(local.text()).isFalse();
    }
    // a read from a foreign origin is left to CORS: the browser does not show the answer
    assertThat(send(port, "GET", path(service), host, "http://evil.example").refusedByHostCheck())
        .isFalse();
  }

  @Test
  void configuredNamesReplaceTheLoopbackNames() throws IOException {
    try (TestDatabase other = TestDatabase.createPrivate("host");
        LuminaPlatform named =
            LuminaPlatform.start(
                List.of(Service.QUERY_API),
                ProjectIsolationIT.properties(
                    other,
                    RUN + "n",
                    Map.of("lumina.http.allowed-hosts", "lumina.example.com,10.0.0.5")))) {
      int port = named.port(Service.QUERY_API);
      assertThat(send(port, "GET", "/api/traces", "lumina.example.com", null).status())
          .isEqualTo(200);
      assertThat(send(port, "GET", "/api/traces", "10.0.0.5:" + port, null).status())
          .isEqualTo(200);
      assertThat(send(port, "GET", "/api/traces", "127.0.0.1:" + port, null).status())
          .isEqualTo(421);
      assertThat(
              send(
                      port,
                      "POST",
                      "/api/pricing/reprice",
                      "lumina.example.com",
                      "https://lumina.example.com")
                  .refusedByHostCheck())
          .isFalse();
      assertThat(
              send(
                      port,
                      "POST",
                      "/api/pricing/reprice",
                      "lumina.example.com",
                      "http://localhost:3000")
                  .refusedByHostCheck())
          .as("the loopback origins are not allowed once names are configured")
          .isTrue();
    }
  }
}
