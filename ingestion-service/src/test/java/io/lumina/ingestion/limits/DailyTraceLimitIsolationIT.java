package io.lumina.ingestion.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.ingestion.IngestionApplication;
import io.lumina.testing.OtlpRequests;
import io.lumina.testing.TestInfra;
import io.lumina.testing.TestNats;
import io.nats.client.Connection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two installations on one NATS server (here: this machine's, which every engineer's test runs
 * share) under different {@code lumina.nats.prefix}: when one reaches the daily trace limit of
 * project {@code default}, the other still accepts that project's traces, because each counts in a
 * key-value bucket under its own prefix.
 */
class DailyTraceLimitIsolationIT {
  private static final int LIMIT = 2;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aProjectAtItsDailyLimitUnderOnePrefixIsNotLimitedUnderAnother() throws Exception {
    String full = TestNats.shared().newPrefix();
    String other = TestNats.shared().newPrefix();
    try (ConfigurableApplicationContext a = start(full);
        ConfigurableApplicationContext b = start(other)) {
      assertThat(send(a)).isEqualTo(200);
      assertThat(send(a)).isEqualTo(200);
      assertThat(send(a)).as("the limit of %d traces is reached", LIMIT).isEqualTo(429);

      assertThat(send(b)).as("another prefix counts on its own").isEqualTo(200);

      String key = DailyTraceLimiter.key("default", LocalDate.now(ZoneOffset.UTC));
      try (Connection nats = TestNats.shared().connect()) {
        assertThat(count(nats, full + "LUMINA_DAILY_TRACES", key)).isEqualTo(LIMIT);
        assertThat(count(nats, other + "LUMINA_DAILY_TRACES", key)).isEqualTo(1);
      }
    }
  }

  private static ConfigurableApplicationContext start(String prefix) {
    Map<String, Object> properties = new LinkedHashMap<>(TestInfra.properties());
    properties.put("lumina.nats.prefix", prefix);
    properties.put("server.port", 0);
    properties.put("lumina.ingestion.otlp-port", -1);
    properties.put("lumina.ingestion.grpc-port", -1);
    properties.put("lumina.ingestion.daily-trace-limit", LIMIT);
    properties.put("spring.main.banner-mode", "off");
    List<String> args = new ArrayList<>();
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    return IngestionApplication.builder().run(args.toArray(String[]::new));
  }

  /** One request starting one trace in project {@code default}; the status. */
  private int send(ConfigurableApplicationContext ingestion) throws Exception {
    String port = ingestion.getEnvironment().getProperty("local.server.port");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-protobuf")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        OtlpRequests.traces("isolation", 1, 1).toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  private static long count(Connection nats, String bucket, String key) {
    return new KeyValueTraceCounter(nats, bucket, Duration.ofDays(2), Duration.ofSeconds(2), 1)
        .tryAdd(key, 0, Long.MAX_VALUE)
        .total();
  }
}
