package io.lumina.similarity;

import com.sun.net.httpserver.HttpServer;
import io.lumina.outbound.HostResolver;
import io.lumina.outbound.OutboundAllowList;
import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A loopback HTTP server for the remote scorers' tests (common-model cannot use test-support, which
 * depends on it): records each request and answers with what the handler returns.
 */
final class LocalJsonServer implements AutoCloseable {
  /** A client that may reach this loopback server: the operator allow-list names 127.0.0.1. */
  static final OutboundHttpClient CLIENT =
      new OutboundHttpClient(
          new OutboundPolicy(new OutboundAllowList(List.of("127.0.0.1")), HostResolver.SYSTEM),
          1024 * 1024);

  record Request(String path, Map<String, String> headers, JsonNode body) {}

  record Answer(int status, String json) {}

  private final HttpServer server;
  final List<Request> requests = new CopyOnWriteArrayList<>();
  volatile Function<Request, Answer> handler;

  LocalJsonServer(Function<Request, Answer> handler) throws IOException {
    this.handler = handler;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange
                .getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
            JsonNode body =
                RemoteScorerCalls.JSON.readTree(exchange.getRequestBody().readAllBytes());
            Request request = new Request(exchange.getRequestURI().getPath(), headers, body);
            requests.add(request);
            Answer answer = this.handler.apply(request);
            byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
