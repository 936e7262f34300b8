package io.lumina.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS through the checked address: the certificate is still verified against the URL's host name
 * (sent as SNI), although the socket was connected to an address, not a name.
 */
class OutboundTlsTest {

  @TempDir static Path dir;
  private static HttpsServer server;
  private static SSLContext trusting;
  private static final List<String> hosts = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-dname",
                "CN=hooks.test",
                "-ext",
                "san=dns:hooks.test",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue())
        .as(new String(keytool.getInputStream().readAllBytes()))
        .isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, tmf.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    server.createContext(
        "/hook",
        ex -> {
          ex.getRequestBody().readAllBytes();
          hosts.add(ex.getRequestHeaders().getFirst("Host"));
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static OutboundHttpClient client() {
    HostResolver resolver =
        host -> {
          if (host.equals("hooks.test") || host.equals("other.test")) {
            return List.of(InetAddress.getLoopbackAddress());
          }
          throw new java.net.UnknownHostException(host);
        };
    return new OutboundHttpClient(
        new OutboundPolicy(new OutboundAllowList(List.of("hooks.test", "other.test")), resolver),
        trusting,
        64 * 1024);
  }

  @Test
  void httpsToTheCheckedAddressVerifiesTheUrlsHostName() throws Exception {
    int port = server.getAddress().getPort();
    OutboundResponse r =
        client()
            .post(
                URI.create("https://hooks.test:" + port + "/hook"),
                Map.of(),
                "{}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyText()).isEqualTo("ok");
    assertThat(hosts).contains("hooks.test:" + port);
  }

  @Test
  void aCertificateForAnotherNameIsRefused() {
    int port = server.getAddress().getPort();
    assertThatThrownBy(
            () ->
                client()
                    .post(
                        URI.create("https://other.test:" + port + "/hook"),
                        Map.of(),
                        new byte[0],
                        Duration.ofSeconds(10)))
        .isInstanceOf(SSLException.class);
  }
}
