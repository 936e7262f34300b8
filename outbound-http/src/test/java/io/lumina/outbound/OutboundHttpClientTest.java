package io.lumina.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against real local servers, reached through the allowed name {@code fake.test} (mapped
 * to 127.0.0.1 by the test resolver); every other spelling of loopback is refused.
 */
class OutboundHttpClientTest {

  private final OutboundHttpClient client =
      new OutboundHttpClient(
          new OutboundPolicy(
              new OutboundAllowList(List.of("fake.test")), OutboundPolicyTest.RESOLVER),
          64 * 1024);
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger loopbackHits = new AtomicInteger();
  private HttpServer server;
  private RawServer raw;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/echo",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          received.add(
              ex.getRequestHeaders().getFirst("Host")
                  + " "
                  + ex.getRequestHeaders().getFirst("X-Test")
                  + " "
                  + new String(body, StandardCharsets.UTF_8));
          byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    server.createContext(
        "/chunked",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(503, 0); // 0: chunked
          for (int i = 0; i < 5; i++) {
            ex.getResponseBody().write(("part" + i + "\n").getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
          }
          ex.close();
        });
    server.createContext(
        "/big-chunked",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(200, 0);
          byte[] block = new byte[16 * 1024];
          try {
            for (int i = 0; i < 1000; i++) {
              ex.getResponseBody().write(block);
            }
          } catch (IOException closedByClient) {
            // expected: the client stops reading at its bound
          }
          ex.close();
        });
    server.createContext(
        "/redirect",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.getResponseHeaders()
              .add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/target");
          ex.sendResponseHeaders(302, -1);
          ex.close();
        });
    server.createContext(
        "/target",
        ex -> {
          loopbackHits.incrementAndGet();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    if (raw != null) {
      raw.close();
    }
  }

  private URI fake(String path) {
    return URI.create("http://fake.test:" + server.getAddress().getPort() + path);
  }

  @Test
  void postsToTheCheckedAddressWithTheUrlsHostAndReadsTheAnswer() throws Exception {
    OutboundResponse r =
        client.post(
            fake("/echo?x=1"),
            Map.of("X-Test", "yes"),
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(5));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyText()).isEqualTo("{\"ok\":true}");
    assertThat(r.truncated()).isFalse();
    assertThat(received)
        .containsExactly("fake.test:" + server.getAddress().getPort() + " yes {\"a\":1}");
  }

  @Test
  void chunkedErrorBodiesAreReadAndSummarizedWithoutLineBreaks() throws Exception {
    OutboundResponse r =
        client.post(fake("/chunked"), Map.of(), new byte[0], Duration.ofSeconds(5));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.failureSummary()).isEqualTo("HTTP 503: part0 part1 part2 part3 part4");
  }

  @Test
  void largeBodiesAreCutAtTheBound() throws Exception {
    OutboundResponse r =
        client.post(fake("/big-chunked"), Map.of(), new byte[0], Duration.ofSeconds(5));
    assertThat(r.body()).hasSize(64 * 1024);
    assertThat(r.truncated()).isTrue();
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    OutboundResponse r =
        client.post(fake("/redirect"), Map.of(), new byte[0], Duration.ofSeconds(5));
    assertThat(r.status()).isEqualTo(302);
    assertThat(loopbackHits).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:%d/target",
        "http://[::1]:%d/target",
        "http://localhost:%d/target",
        "http://[::ffff:127.0.0.1]:%d/target",
        "http://2130706433:%d/target",
        "http://0177.0.0.1:%d/target",
        "http://rebind.test:%d/target",
      })
  void loopbackInAnySpellingIsRefusedBeforeAnythingIsSent(String url) {
    URI uri = URI.create(url.formatted(server.getAddress().getPort()));
    assertThatThrownBy(() -> client.post(uri, Map.of(), new byte[0], Duration.ofSeconds(5)))
        .isInstanceOf(OutboundRefusedException.class)
        .hasMessageContaining("loopback");
    assertThat(loopbackHits).hasValue(0);
  }

  @Test
  void aResponseThatNeverEndsDoesNotHoldTheCallerPastTheDeadline() throws Exception {
    // a 1 GB answer, streamed steadily (64 KB every 10 ms) so it cannot end within the deadline
    raw =
        new RawServer(
            out -> {
              out.write(
                  "HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
              byte[] block = new byte[64 * 1024];
              for (long sent = 0; sent < (1L << 30); sent += block.length) {
                out.write(block);
                out.flush();
                Thread.sleep(10);
              }
            });
    OutboundHttpClient unbounded =
        new OutboundHttpClient(
            new OutboundPolicy(
                new OutboundAllowList(List.of("fake.test")), OutboundPolicyTest.RESOLVER),
            Integer.MAX_VALUE - 8);
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                unbounded.post(
                    URI.create("http://fake.test:" + raw.port() + "/"),
                    Map.of(),
                    new byte[0],
                    Duration.ofMillis(1500),
                    256 * 1024 * 1024))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void theDefaultBoundStopsA1GbAnswerAtOnce() throws Exception {
    raw =
        new RawServer(
            out -> {
              out.write(
                  "HTTP/1.1 500 Oops\r\nContent-Length: 1073741824\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
              byte[] block = new byte[64 * 1024];
              for (long sent = 0; sent < (1L << 30); sent += block.length) {
                out.write(block);
              }
            });
    OutboundResponse r =
        client.post(
            URI.create("http://fake.test:" + raw.port() + "/"),
            Map.of(),
            new byte[0],
            Duration.ofSeconds(10));
    assertThat(r.truncated()).isTrue();
    assertThat(r.body()).hasSize(64 * 1024);
  }

  @Test
  void aBodyTricklingOneByteASecondEndsAtTheDeadline() throws Exception {
    raw =
        new RawServer(
            out -> {
              out.write(
                  "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
              out.flush();
              for (int i = 0; i < 100; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(1000);
              }
            });
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                client.post(
                    URI.create("http://fake.test:" + raw.port() + "/"),
                    Map.of(),
                    new byte[0],
                    Duration.ofMillis(2500)))
        .isInstanceOf(HttpTimeoutException.class)
        .hasMessageContaining("2500 ms");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofMillis(2400))
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aHangingResolverDoesNotHoldTheCallerPastTheDeadline() {
    OutboundHttpClient hanging =
        new OutboundHttpClient(
            new OutboundPolicy(
                OutboundAllowList.NONE,
                host -> {
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  throw new java.net.UnknownHostException(host);
                }),
            1024);
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                hanging.post(
                    URI.create("https://slow-dns.test/"),
                    Map.of(),
                    new byte[0],
                    Duration.ofMillis(500)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void headersThatWouldSplitTheRequestAreRefused() {
    assertThatThrownBy(
            () ->
                client.post(
                    fake("/echo"),
                    Map.of("X-Test", "a\r\nX-Injected: 1"),
                    new byte[0],
                    Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(received).isEmpty();
  }

  /** A one-connection server that answers with whatever {@code script} writes. */
  static final class RawServer implements AutoCloseable {
    interface Script {
      void write(OutputStream out) throws Exception;
    }

    private final ServerSocket socket;
    private final Thread thread;

    RawServer(Script script) throws IOException {
      socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      thread =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = socket.accept()) {
                      InputStream in = s.getInputStream();
                      // read the request head; the client sends no body here
                      int matched = 0;
                      while (matched < 4) {
                        int b = in.read();
                        if (b < 0) {
                          return;
                        }
                        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : 0;
                      }
                      script.write(s.getOutputStream());
                    } catch (Exception e) {
                      // the client hung up: what these tests want
                    }
                  });
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // test cleanup
      }
      thread.interrupt();
    }
  }
}
