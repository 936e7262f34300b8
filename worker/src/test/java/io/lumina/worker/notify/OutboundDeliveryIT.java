package io.lumina.worker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.outbound.OutboundHttpClient;
import io.lumina.storage.alerts.DeliveryStore;
import io.lumina.worker.alerts.TestWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deliveries go through the outbound policy: channels pointing at internal addresses (stored
 * directly, as rows written before the policy existed would be) fail at once naming the rule, and
 * an endpoint that streams without end or trickles does not hold the delivery thread past the
 * delivery timeout. The test worker allows 127.0.0.1 only, for its local receivers.
 */
class OutboundDeliveryIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private JdbcTemplate jdbc;
  private DeliveryDispatcher dispatcher;
  private Instant now;
  private String run;

  @BeforeEach
  void setUp() {
    jdbc = TestWorker.jdbc();
    now = TestWorker.clock().instant();
    run = UUID.randomUUID().toString().substring(0, 8);
    jdbc.update("DELETE FROM alert_deliveries WHERE status = 'pending'");
    DeliveryProperties defaults = TestWorker.bean(DeliveryProperties.class);
    dispatcher =
        new DeliveryDispatcher(
            TestWorker.bean(DeliveryStore.class),
            List.copyOf(TestWorker.context().getBeansOfType(Notifier.class).values()),
            new DeliveryProperties(
                false,
                defaults.pollInterval(),
                20,
                4,
                defaults.initialBackoff(),
                defaults.maxBackoff(),
                TIMEOUT,
                Duration.ofMinutes(2),
                defaults.perChannelConcurrency(),
                defaults.maxInFlight()),
            TestWorker.clock(),
            TestWorker.bean(MeterRegistry.class),
            TestWorker.bean(OutboundHttpClient.class));
  }

  @AfterEach
  void tearDown() {
    jdbc.update("DELETE FROM alert_deliveries WHERE status = 'pending'");
  }

  /** A channel of {@code type} at {@code url}, one alert and its pending delivery; its id. */
  private long delivery(String type, String url) {
    String channel = "wh_" + HexFormat.of().toHexDigits(UUID.randomUUID().getMostSignificantBits());
    String alert =
        "alert_" + HexFormat.of().toHexDigits(UUID.randomUUID().getLeastSignificantBits());
    jdbc.update(
        "INSERT INTO notification_channels (id, project_id, name, type, url, secret, services)"
            + " VALUES (?, 'default', ?, ?, ?, 'routing-key', ARRAY[]::text[])",
        channel,
        "outbound " + run,
        type,
        url);
    Timestamp at = Timestamp.from(now.minusSeconds(60));
    jdbc.update(
        """
        INSERT INTO alerts (id, project_id, kind, service_name, status, baseline, current,
          threshold, window_seconds, current_samples, baseline_samples, title, summary, fired_at,
          last_evaluated_at)
        VALUES (?, 'default', 'cost_spike', ?, 'firing', 1, 5, 2, 3600, 10, 10, 'Cost Spike',
          'summary', ?, ?)""",
        alert,
        "svc-" + run,
        at,
        at);
    return jdbc.queryForObject(
        """
        INSERT INTO alert_deliveries (project_id, alert_id, channel_id, event, status,
          next_attempt_at, created_at)
        VALUES ('default', ?, ?, 'trigger', 'pending', ?, ?) RETURNING id""",
        Long.class,
        alert,
        channel,
        at,
        at);
  }

  private Map<String, Object> row(long id) {
    return jdbc.queryForMap("SELECT * FROM alert_deliveries WHERE id = ?", id);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "webhook, http://[::1]:8090/actuator/env, loopback",
    "webhook, http://localhost:8090/, loopback",
    "webhook, http://169.254.169.254/latest/meta-data/, cloud metadata",
    "webhook, http://10.0.0.1/hook, private",
    "slack, http://192.168.1.1/services/x, private",
    "slack, http://[fc00::1]/services/x, unique-local",
    "slack, http://[::ffff:10.0.0.1]/services/x, private",
    "pagerduty, http://0xa9.254.169.254/v2/enqueue, cloud metadata",
    "pagerduty, http://167772161/v2/enqueue, private",
    "pagerduty, http://012.0.0.1/v2/enqueue, private",
  })
  void internalTargetsFailAtOnceNamingTheRule(String type, String url, String rule) {
    long id = delivery(type, url);
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    Map<String, Object> row = row(id);
    assertThat(row.get("status")).isEqualTo("failed");
    assertThat(row.get("attempts")).isEqualTo(1);
    assertThat((String) row.get("last_error")).startsWith("refused: ").contains(rule);
  }

  @Test
  void anEndlessAnswerIsCutAndStoredAsAShortSanitizedExcerpt() throws Exception {
    try (RawServer server =
        new RawServer(
            out -> {
              out.write(
                  "HTTP/1.1 500 Oops\r\nContent-Length: 1073741824\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
              byte[] block =
                  ("line\r\n\u001b[31mred\u0000".repeat(4096)).getBytes(StandardCharsets.UTF_8);
              for (long sent = 0; sent < (1L << 30); sent += block.length) {
                out.write(block);
              }
            })) {
      long id = delivery("webhook", "http://127.0.0.1:" + server.port() + "/hook");
      long start = System.nanoTime();
      assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(3));
      String error = (String) row(id).get("last_error");
      assertThat(error).startsWith("HTTP 500: line [31mred line");
      assertThat(error.length()).isLessThanOrEqualTo(210);
      assertThat(error.chars()).noneMatch(Character::isISOControl);
      assertThat(row(id).get("last_status_code")).isEqualTo(500);
    }
  }

  @Test
  void aTricklingAnswerDoesNotHoldTheDeliveryThreadPastTheTimeout() throws Exception {
    try (RawServer server =
        new RawServer(
            out -> {
              out.write(
                  "HTTP/1.1 200 OK\r\nContent-Length: 60\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
              for (int i = 0; i < 60; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(1000);
              }
            })) {
      long id = delivery("webhook", "http://127.0.0.1:" + server.port() + "/hook");
      long start = System.nanoTime();
      assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(3));
      Map<String, Object> row = row(id);
      assertThat(row.get("status")).as("a timeout is retried").isEqualTo("pending");
      assertThat((String) row.get("last_error")).contains("HttpTimeoutException");
    }
  }

  /** One connection answered with whatever {@code script} writes. */
  private static final class RawServer implements AutoCloseable {
    interface Script {
      void write(OutputStream out) throws Exception;
    }

    private final ServerSocket socket;

    RawServer(Script script) throws Exception {
      socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = socket.accept()) {
                  InputStream in = s.getInputStream();
                  byte[] buffer = new byte[8192];
                  in.read(buffer); // the request: small, one read is enough to let it go
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
    public void close() throws Exception {
      socket.close();
    }
  }
}
