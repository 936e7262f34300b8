package io.lumina.ingestion.publish;

import io.lumina.queue.SpanQueue;
import io.lumina.wire.RequestSplitter;
import io.lumina.wire.SpanBatch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes a validated request to the span queue, split below the queue's max payload, and
 * completes once every part is acknowledged. Each part's message id derives from its content, so a
 * client's retry of the same request is dropped by the queue's duplicate window even if an earlier
 * attempt half succeeded.
 */
public final class SpanPublisher {
  private final SpanQueue queue;
  private final Clock clock;

  public SpanPublisher(SpanQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  /**
   * The message payloads for a request, and the spans that cannot be sent because alone they are
   * over the queue's message size (the caller reports them as rejected).
   */
  public record Prepared(List<byte[]> payloads, int oversizedSpans, String oversizedExample) {}

  /**
   * @param encoded the request's protobuf bytes as received, when the request was not changed:
   *     published as they are when they fit in one message, saving a serialization
   */
  public Prepared prepare(ExportTraceServiceRequest request, byte[] encoded) {
    int max = queue.maxPayloadBytes();
    if (encoded != null && encoded.length <= max) {
      return new Prepared(List.of(encoded), 0, null);
    }
    List<byte[]> payloads = new ArrayList<>();
    int oversized = 0;
    String example = null;
    for (ExportTraceServiceRequest part : new RequestSplitter(max).split(request)) {
      int size = part.getSerializedSize();
      if (size > max) { // the splitter returns a span over the limit alone
        oversized++;
        if (example == null) {
          Span span = firstSpan(part);
          example =
              "span '"
                  + span.getName()
                  + "' is "
                  + size
                  + " bytes, over the queue's message limit of "
                  + max
                  + " bytes";
        }
        continue;
      }
      payloads.add(part.toByteArray());
    }
    return new Prepared(payloads, oversized, example);
  }

  public CompletableFuture<Void> publish(String projectId, List<byte[]> payloads) {
    long receivedAt = clock.millis();
    CompletableFuture<?>[] acks = new CompletableFuture<?>[payloads.size()];
    for (int i = 0; i < payloads.size(); i++) {
      acks[i] = queue.publish(SpanBatch.of(projectId, receivedAt, payloads.get(i)));
    }
    return CompletableFuture.allOf(acks);
  }

  private static Span firstSpan(ExportTraceServiceRequest part) {
    for (ResourceSpans rs : part.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        if (ss.getSpansCount() > 0) {
          return ss.getSpans(0);
        }
      }
    }
    return Span.getDefaultInstance();
  }
}
