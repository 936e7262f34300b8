package io.lumina.ingestion.publish;

import io.lumina.ingestion.wire.RequestLayout;
import io.lumina.queue.SpanQueue;
import io.lumina.wire.SpanBatch;
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
   * The received bytes as they are when no span was rejected or changed and they fit in one message
   * (the common case: nothing is serialized); otherwise parts below the limit, written by copying
   * the untouched bytes around the changed spans.
   */
  public Prepared prepare(RequestLayout request) {
    int max = queue.maxPayloadBytes();
    if (request.unchanged() && request.body().length <= max) {
      return new Prepared(List.of(request.body()), 0, null);
    }
    List<byte[]> payloads = new ArrayList<>();
    int oversized = 0;
    String example = null;
    for (RequestLayout.Part part : request.split(max)) {
      if (part.oversized()) {
        oversized++;
        if (example == null) {
          example =
              "span '"
                  + request.name(part.from())
                  + "' is "
                  + part.size()
                  + " bytes, over the queue's message limit of "
                  + max
                  + " bytes";
        }
        continue;
      }
      payloads.add(request.encode(part));
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
}
