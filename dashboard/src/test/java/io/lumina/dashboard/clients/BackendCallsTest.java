package io.lumina.dashboard.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/** The client against a closed port and a real local HTTP server answering problem+json. */
class BackendCallsTest {

  @Test
  void unreachableBackendIsReportedWithItsUrl() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + port);
    QueryApiClient client =
        new QueryApiClient(RestClient.builder().baseUrl(base.toString()).build(), base);
    BackendException e =
        catchThrowableOfType(BackendException.class, () -> client.traces(Map.of()));
    assertThat(e.unreachable()).isTrue();
    assertThat(e.getMessage())
        .contains("query API")
        .contains(base.toString())
        .contains("not reachable");
  }

  @Test
  void problemDetailIsShownAndParametersAreEncoded() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String[] seenQuery = new String[1];
    server.createContext(
        "/api/traces",
        exchange -> {
          seenQuery[0] = exchange.getRequestURI().getRawQuery();
          byte[] body =
              "{\"type\":\"about:blank\",\"status\":400,\"detail\":\"minCost must be a number\"}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
          exchange.sendResponseHeaders(400, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      QueryApiClient client =
          new QueryApiClient(RestClient.builder().baseUrl(base.toString()).build(), base);
      BackendException e =
          catchThrowableOfType(
              BackendException.class, () -> client.traces(Map.of("minCost", "abc", "q", "a&b c")));
      assertThat(e.rejected()).isTrue();
      assertThat(e.getMessage()).endsWith(": minCost must be a number");
      assertThat(seenQuery[0]).contains("minCost=abc").contains("q=a%26b%20c");
    } finally {
      server.stop(0);
    }
  }
}
