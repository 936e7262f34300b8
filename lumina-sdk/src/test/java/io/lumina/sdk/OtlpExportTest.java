package io.lumina.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What goes over the wire: OTLP/HTTP protobuf, gzip, the key as a bearer token, and retries of 429
 * and 503 that wait what Retry-After asks.
 */
class OtlpExportTest {

  private record Received(long atNanos, com.sun.net.httpserver.Headers headers, byte[] body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String start(int... statuses) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (exchange;
              InputStream in = exchange.getRequestBody()) {
            received.add(
                new Received(System.nanoTime(), exchange.getRequestHeaders(), in.readAllBytes()));
            int n = calls.getAndIncrement();
            int status = n < statuses.length ? statuses[n] : 200;
            if (status != 200) {
              exchange.getResponseHeaders().add("Retry-After", "2");
            }
            exchange.sendResponseHeaders(status, -1);
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void spansGoAsGzippedProtobufWithTheKeyAsBearerToken() throws Exception {
    String endpoint = start();
    try (Lumina lumina =
        Lumina.init(
            LuminaOptions.builder()
                .endpoint(endpoint)
                .serviceName("wire")
                .apiKey("lum_secret")
                .shutdownHook(false)
                .build())) {
      lumina.traceLLM(span -> span.usage(1, 2), TraceOptions.builder().model("gpt-4o").build());
      assertThat(lumina.flush()).isTrue();
      assertThat(lumina.stats().exportedSpans()).isEqualTo(1);
    }

    assertThat(received).hasSize(1);
    Received r = received.get(0);
    assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(r.headers().getFirst("Content-Encoding")).isEqualTo("gzip");
    assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer lum_secret");
    byte[] protobuf =
        new GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes();
    assertThat(new String(protobuf, java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("gen_ai.request.model", "gpt-4o", "service.name", "wire");
  }

  @Test
  void rateLimitsAndUnavailabilityAreRetriedAfterWhatRetryAfterAsks() throws Exception {
    // the exporter's own backoff starts at 1 s: a 2 s gap shows Retry-After was honoured
    String endpoint = start(429, 503);
    try (Lumina lumina =
        Lumina.init(
            LuminaOptions.builder()
                .endpoint(endpoint + "/v1/traces")
                .serviceName("retry")
                .shutdownHook(false)
                .build())) {
      lumina.traceLLM(() -> "ok", TraceOptions.defaults());
      assertThat(lumina.flush()).isTrue();
      assertThat(lumina.stats().exportedSpans()).isEqualTo(1);
      assertThat(lumina.stats().failedExportSpans()).isZero();
    }

    assertThat(received).hasSize(3);
    double firstGap = (received.get(1).atNanos() - received.get(0).atNanos()) / 1e9;
    double secondGap = (received.get(2).atNanos() - received.get(1).atNanos()) / 1e9;
    assertThat(firstGap).isGreaterThanOrEqualTo(1.9);
    assertThat(secondGap).isGreaterThanOrEqualTo(1.9);
  }

  @Test
  void aRejectedBatchIsCountedNotRetried() throws Exception {
    String endpoint = start(400);
    try (Lumina lumina =
        Lumina.init(
            LuminaOptions.builder()
                .endpoint(endpoint)
                .serviceName("bad")
                .shutdownHook(false)
                .build())) {
      lumina.traceLLM(() -> "ok", TraceOptions.defaults());
      assertThat(lumina.flush()).isFalse();
      assertThat(lumina.stats().failedExportSpans()).isEqualTo(1);
    }
    assertThat(received).hasSize(1);
  }
}
