package io.lumina.worker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lumina.api.alerts.ChannelType;
import io.lumina.outbound.OutboundHttpClient;
import io.lumina.storage.alerts.ChannelDefinition;
import io.lumina.storage.alerts.ChannelStore;
import io.lumina.storage.alerts.DeliveryStore;
import io.lumina.worker.alerts.TestWorker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two worker replicas (two dispatchers on one database) and an endpoint that answers after 15 s,
 * far beyond the 2 s lease: each alert reaches each endpoint exactly once (the in-flight leases are
 * renewed, so neither replica re-sends the other's), and the fast endpoint's alerts are all
 * delivered before the slow endpoint has answered once.
 */
class TwoDispatchersIT {
  private static final Pattern ALERT_ID = Pattern.compile("alert_[0-9a-f]{16}");
  private static final int ALERTS = 3;

  private final ConcurrentLinkedQueue<String> slowReceived = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> fastReceived = new ConcurrentLinkedQueue<>();
  private final AtomicInteger slowAnswered = new AtomicInteger();
  private final AtomicInteger slowAnsweredWhenFastDone = new AtomicInteger(-1);

  @Test
  void everyAlertIsDeliveredOnceAndASlowEndpointDelaysNoOther() throws Exception {
    JdbcTemplate jdbc = TestWorker.jdbc();
    DeliveryStore store = TestWorker.bean(DeliveryStore.class);
    ChannelStore channels = TestWorker.bean(ChannelStore.class);
    List<Notifier> notifiers =
        List.copyOf(TestWorker.context().getBeansOfType(Notifier.class).values());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/slow",
        exchange -> {
          slowReceived.add(alertId(exchange.getRequestBody().readAllBytes()));
          sleep(Duration.ofSeconds(15));
          slowAnswered.incrementAndGet();
          answer(exchange);
        });
    server.createContext(
        "/fast",
        exchange -> {
          fastReceived.add(alertId(exchange.getRequestBody().readAllBytes()));
          if (fastReceived.size() == ALERTS) {
            slowAnsweredWhenFastDone.set(slowAnswered.get());
          }
          answer(exchange);
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();

    String project = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    jdbc.update("INSERT INTO projects (id, name) VALUES (?, ?)", project, project);
    channels.create(
        project,
        new ChannelDefinition("slow", ChannelType.WEBHOOK, base + "/slow", null, List.of(), true));
    channels.create(
        project,
        new ChannelDefinition("fast", ChannelType.WEBHOOK, base + "/fast", null, List.of(), true));
    List<String> alerts = new ArrayList<>();
    for (int i = 0; i < ALERTS; i++) {
      String alert = "alert_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      jdbc.update(
          """
          INSERT INTO alerts (id, project_id, kind, service_name, status, baseline, current, threshold,
            window_seconds, current_samples, baseline_samples, title, summary, fired_at, last_evaluated_at)
          VALUES (?, ?, 'error_rate', 'svc', 'firing', 0, 1, 0.5, 60, 1, 1, 't', 's', now(), now())""",
          alert,
          project);
      assertThat(store.queue(alert, project, "svc", "trigger", Instant.now())).isEqualTo(2);
      alerts.add(alert);
    }

    DeliveryProperties properties =
        new DeliveryProperties(
            true,
            Duration.ofMillis(100),
            20,
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(2),
            2,
            32);
    try (var a =
            new DeliveryDispatcher(
                store,
                notifiers,
                properties,
                Clock.systemUTC(),
                new SimpleMeterRegistry(),
                TestWorker.bean(OutboundHttpClient.class));
        var b =
            new DeliveryDispatcher(
                store,
                notifiers,
                properties,
                Clock.systemUTC(),
                new SimpleMeterRegistry(),
                TestWorker.bean(OutboundHttpClient.class))) {
      assertThat(a.owner()).isNotEqualTo(b.owner());
      Instant deadline = Instant.now().plusSeconds(90);
      while (delivered(jdbc, project) < 2 * ALERTS && Instant.now().isBefore(deadline)) {
        a.poll();
        b.poll();
        Thread.sleep(100);
      }
    } finally {
      server.stop(0);
    }

    assertThat(delivered(jdbc, project)).isEqualTo(2 * ALERTS);
    assertThat(fastReceived).containsExactlyInAnyOrderElementsOf(alerts);
    assertThat(slowReceived).as("no replica re-sent a delivery in flight").hasSize(ALERTS);
    assertThat(slowReceived).containsExactlyInAnyOrderElementsOf(alerts);
    assertThat(slowAnsweredWhenFastDone.get())
        .as("every fast delivery arrived before the slow endpoint answered once")
        .isZero();
    assertThat(
            jdbc.queryForList(
                "SELECT attempts FROM alert_deliveries WHERE project_id = ?",
                Integer.class,
                project))
        .containsOnly(1);
  }

  private static int delivered(JdbcTemplate jdbc, String project) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM alert_deliveries WHERE project_id = ? AND status = 'delivered'",
        Integer.class,
        project);
  }

  private static String alertId(byte[] body) {
    Matcher m = ALERT_ID.matcher(new String(body, StandardCharsets.UTF_8));
    return m.find() ? m.group() : "?";
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
