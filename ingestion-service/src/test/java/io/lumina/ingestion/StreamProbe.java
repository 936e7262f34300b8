package io.lumina.ingestion;

import io.lumina.wire.WireHeaders;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads what actually reached a JetStream stream, for assertions. */
public final class StreamProbe implements AutoCloseable {
  private final Connection connection;
  private final String stream;

  public StreamProbe(String url, String stream) throws Exception {
    this.connection =
        Nats.connect(
            new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(2))
                .maxReconnects(-1)
                .build());
    this.stream = stream;
  }

  public record StoredSpan(String project, String spanIdHex, Span span) {}

  /** The stream's last sequence number (0 while empty or not yet created). */
  public long lastSequence() throws Exception {
    try {
      return connection
          .jetStreamManagement()
          .getStreamInfo(stream)
          .getStreamState()
          .getLastSequence();
    } catch (JetStreamApiException e) {
      return 0;
    }
  }

  /** Every span in the messages after {@code afterSequence}. */
  public List<StoredSpan> spansAfter(long afterSequence) throws Exception {
    JetStreamManagement jsm = connection.jetStreamManagement();
    long last = lastSequence();
    List<StoredSpan> out = new ArrayList<>();
    for (long seq = afterSequence + 1; seq <= last; seq++) {
      MessageInfo message = jsm.getMessage(stream, seq);
      String project = message.getHeaders().getFirst(WireHeaders.PROJECT);
      for (ResourceSpans rs :
          ExportTraceServiceRequest.parseFrom(message.getData()).getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span span : ss.getSpansList()) {
            out.add(
                new StoredSpan(
                    project, HexFormat.of().formatHex(span.getSpanId().toByteArray()), span));
          }
        }
      }
    }
    return out;
  }

  public Connection connection() {
    return connection;
  }

  @Override
  public void close() throws InterruptedException {
    connection.close();
  }
}
