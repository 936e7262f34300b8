package io.lumina.ingestion;

import io.lumina.ingestion.grpc.OtlpGrpcServer;
import io.lumina.ingestion.web.AdditionalPort;
import io.lumina.testing.MutableClock;
import io.lumina.testing.TestInfra;
import io.lumina.testing.TestNats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context of this module's integration tests: the real service on random ports
 * (9411's and 4318's connectors, and OTLP/gRPC's 4317), publishing to a private nats-server that
 * outage tests may stop, with small limits so every limit can be reached cheaply, and a clock the
 * tests move.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=" + IngestionApplication.CONFIG_NAME,
    classes = {IngestionApplication.class, IngestionContext.TestClock.class})
public abstract class IngestionContext {
  static final int DAILY_LIMIT = 200;
  static final int MAX_BODY = 1024 * 1024;
  static final int MAX_VALUE_LENGTH = 1000;
  static final int MAX_SPANS = 1000;
  private static final String BUCKET =
      "LIMITS_T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

  @LocalServerPort protected int port;
  @Autowired protected AdditionalPort otlpPort;
  @Autowired protected OtlpGrpcServer grpcServer;
  @Autowired protected MutableClock clock;

  protected final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  protected StreamProbe stream;
  private static long day;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestInfra.properties().forEach((k, v) -> registry.add(k, () -> v));
    registry.add("lumina.nats.url", () -> TestNatsServer.get().url());
    registry.add("lumina.ingestion.otlp-port", () -> "0");
    registry.add("lumina.ingestion.grpc-port", () -> "0");
    registry.add("lumina.ingestion.daily-trace-limit", () -> Integer.toString(DAILY_LIMIT));
    registry.add("lumina.ingestion.limit-bucket", () -> BUCKET);
    registry.add("lumina.ingestion.max-body-size", () -> MAX_BODY + "B");
    registry.add(
        "lumina.ingestion.max-attribute-value-length", () -> Integer.toString(MAX_VALUE_LENGTH));
    registry.add("lumina.ingestion.max-spans-per-request", () -> Integer.toString(MAX_SPANS));
    registry.add("lumina.ingestion.retry-after", () -> "2s");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class TestClock {
    @Bean
    @Primary
    MutableClock testClock() {
      return new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
    }
  }

  /** Every test starts on a day of its own, so daily counts of earlier tests never interfere. */
  @BeforeEach
  void freshDayAndProbe() throws Exception {
    clock.set(Instant.parse("2030-01-01T12:00:00Z").plus(Duration.ofDays(++day)));
    stream = new StreamProbe(TestNatsServer.get().url(), TestNats.shared().stream());
  }

  @AfterEach
  void closeProbe() throws Exception {
    stream.close();
  }

  protected URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  protected HttpResponse<byte[]> post(
      String path, String contentType, byte[] body, String... headers) throws Exception {
    return post(uri(path), contentType, body, headers);
  }

  protected HttpResponse<byte[]> post(URI uri, String contentType, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  protected HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
