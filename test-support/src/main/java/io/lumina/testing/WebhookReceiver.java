package io.lumina.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server standing in for a webhook endpoint (generic webhook, Slack, PagerDuty):
 * records every request it receives, answered or refused, and can be told to fail the next N
 * requests (with a status of choice) to exercise retries. Accepts POST on any path.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One received request; {@code answeredWith} is the status this receiver sent back. */
  public record Delivery(
      String path, Map<String, String> headers, String body, int answeredWith, Instant receivedAt) {
    /** The header value, looked up case-insensitively. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean accepted() {
      return answeredWith / 100 == 2;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus = 503;
  private volatile int successStatus = 200;

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts on a free port of the loopback interface. */
  public static WebhookReceiver start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(server);
      server.createContext("/", receiver::handle);
      server.setExecutor(receiver.executor);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the webhook receiver", e);
    }
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /**
   * The next {@code times} requests are answered with {@code status} (e.g. 503) instead of success.
   */
  public WebhookReceiver failNext(int times, int status) {
    failureStatus = status;
    failuresLeft.set(times);
    return this;
  }

  /** The status of successful answers (default 200; PagerDuty answers 202). */
  public WebhookReceiver succeedWith(int status) {
    successStatus = status;
    return this;
  }

  /** Every request received, in arrival order, including refused ones. */
  public List<Delivery> all() {
    return Collections.unmodifiableList(new ArrayList<>(deliveries));
  }

  /** Requests answered with success. */
  public List<Delivery> accepted() {
    return all().stream().filter(Delivery::accepted).toList();
  }

  /** Requests to {@code path} answered with success. */
  public List<Delivery> accepted(String path) {
    return accepted().stream().filter(d -> d.path().equals(path)).toList();
  }

  public void reset() {
    deliveries.clear();
    failuresLeft.set(0);
    successStatus = 200;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      int status;
      if (!"POST".equals(exchange.getRequestMethod())) {
        status = 405;
      } else if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        status = failureStatus;
      } else {
        status = successStatus;
      }
      deliveries.add(
          new Delivery(exchange.getRequestURI().getPath(), headers, body, status, Instant.now()));
      byte[] answer =
          (status / 100 == 2 ? "ok" : "failing on purpose").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }
}
