package io.lumina.ingestion.publish;

import io.lumina.queue.SpanQueue;
import io.lumina.wire.RequestSplitter;
import io.lumina.wire.SpanBatch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Publishes a validated request to the span queue, split below the queue's max payload, and
 * completes once every part is acknowledged.
 */
@Component
public class SpanPublisher {
  private final SpanQueue queue;
  private final Clock clock;

  public SpanPublisher(SpanQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  public CompletableFuture<Void> publish(String projectId, ExportTraceServiceRequest request) {
    long receivedAt = clock.millis();
    List<ExportTraceServiceRequest> parts = new RequestSplitter(queue.maxPayloadBytes()).split(request);
    CompletableFuture<?>[] acks = new CompletableFuture<?>[parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      acks[i] = queue.publish(SpanBatch.of(projectId, receivedAt, parts.get(i).toByteArray()));
    }
    return CompletableFuture.allOf(acks);
  }
}
