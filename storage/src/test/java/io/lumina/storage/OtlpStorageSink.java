package io.lumina.storage;

import com.sun.net.httpserver.HttpServer;
import io.lumina.storage.spans.SpanWriter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;

/**
 * An OTLP/HTTP protobuf endpoint for tests of the reading services: what an OpenTelemetry SDK
 * exports to it is stored at once through the storage writer ({@link StoredSpans}) for one project,
 * so a test can use a real SDK without running ingestion, a queue and the worker.
 */
public final class OtlpStorageSink implements AutoCloseable {
  private final HttpServer server;

  private OtlpStorageSink(HttpServer server) {
    this.server = server;
  }

  /** Listens on a free loopback port; {@link #endpoint()} is the {@code /v1/traces} URL. */
  public static OtlpStorageSink start(DataSource dataSource, String project) {
    SpanWriter writer = StoredSpans.writer(dataSource);
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/v1/traces",
          exchange -> {
            try (exchange) {
              InputStream body = exchange.getRequestBody();
              if ("gzip"
                  .equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
              }
              ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
              int status = 200;
              try {
                writer.write(StoredSpans.of(project, request));
              } catch (Exception e) {
                status = 500;
              }
              byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
              exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
              exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
              if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
              }
            }
          });
      server.start();
      return new OtlpStorageSink(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
