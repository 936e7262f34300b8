package io.lumina.ingestion.publish;

import static io.lumina.testing.OtlpRequests.attribute;
import static io.lumina.testing.OtlpRequests.randomId;
import static io.lumina.testing.OtlpRequests.request;
import static io.lumina.testing.OtlpRequests.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.ingestion.StreamProbe;
import io.lumina.ingestion.TestNatsServer;
import io.lumina.ingestion.wire.OtlpWireScanner;
import io.lumina.ingestion.wire.RequestLayout;
import io.lumina.queue.jetstream.JetStreamConnections;
import io.lumina.queue.jetstream.JetStreamSettings;
import io.lumina.queue.jetstream.JetStreamSpanQueue;
import io.lumina.testing.OtlpRequests;
import io.nats.client.Connection;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Splitting and publishing against a real JetStream server and its real max payload (1 MiB by
 * default).
 */
class SpanPublisherIT {

  @Test
  void splitsBelowTheMaxPayloadAndSetsAsideASpanTooLargeForAnyMessage() throws Exception {
    JetStreamSettings settings =
        JetStreamSettings.defaults(TestNatsServer.get().url())
            .withPrefix("PUB_T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase() + "_");
    String name = settings.streamName();
    try (Connection connection = JetStreamConnections.connect(settings, "publisher-it");
        StreamProbe stream = new StreamProbe(settings.url(), name)) {
      JetStreamSpanQueue queue = new JetStreamSpanQueue(connection, settings);
      SpanPublisher publisher = new SpanPublisher(queue, Clock.systemUTC());
      // 7500 spans of about 230 bytes: well over one message, and one span alone over the limit
      ExportTraceServiceRequest many = OtlpRequests.traces("split", 1500, 5);
      Span huge =
          span(randomId(16), randomId(8), null, "huge")
              .addAttributes(attribute("gen_ai.prompt", "x".repeat(queue.maxPayloadBytes() + 10)))
              .build();
      ExportTraceServiceRequest request =
          many.toBuilder().addResourceSpans(request("huge", huge).getResourceSpans(0)).build();

      SpanPublisher.Prepared prepared = publisher.prepare(layout(request.toByteArray()));
      publisher.publish("acme", prepared.payloads()).get();

      assertThat(prepared.oversizedSpans()).isEqualTo(1);
      assertThat(prepared.oversizedExample())
          .startsWith("span 'huge' is ")
          .contains("over the queue's message limit");
      assertThat(prepared.payloads())
          .hasSizeGreaterThan(1)
          .allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(queue.maxPayloadBytes()));
      assertThat(stream.spansAfter(0))
          .hasSize(7500)
          .allSatisfy(s -> assertThat(s.project()).isEqualTo("acme"));

      // the same request again (a client retry): every part has the same content-derived id,
      // nothing is added
      publisher.publish("acme", publisher.prepare(layout(request.toByteArray())).payloads()).get();
      assertThat(stream.spansAfter(0)).hasSize(7500);

      connection.jetStreamManagement().deleteStream(name);
    }
  }

  @Test
  void publishesTheReceivedBytesUnchangedWhenTheyFit() throws Exception {
    JetStreamSettings settings = JetStreamSettings.defaults(TestNatsServer.get().url());
    try (Connection connection = JetStreamConnections.connect(settings, "publisher-it")) {
      SpanPublisher publisher =
          new SpanPublisher(new JetStreamSpanQueue(connection, settings), Clock.systemUTC());
      byte[] received = OtlpRequests.traces("raw", 2, 2).toByteArray();

      SpanPublisher.Prepared prepared = publisher.prepare(layout(received));

      assertThat(prepared.payloads()).singleElement().isSameAs(received);
      connection.jetStreamManagement().deleteStream(settings.stream());
    }
  }

  private static RequestLayout layout(byte[] request) throws Exception {
    return new OtlpWireScanner(128, 1 << 20).scan(request, Integer.MAX_VALUE);
  }
}
