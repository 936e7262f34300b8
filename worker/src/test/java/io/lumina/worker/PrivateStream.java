package io.lumina.worker;

import io.lumina.queue.jetstream.JetStreamSettings;
import io.lumina.queue.jetstream.JetStreamSpanQueue;
import io.lumina.testing.OtlpSpans;
import io.lumina.testing.TestNats;
import io.lumina.wire.SpanBatch;
import io.nats.client.Connection;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A stream, subject and durable of one test's own on the machine's NATS, deleted on close. */
public final class PrivateStream implements AutoCloseable {
  private final String run =
      UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
  private final Connection connection;
  private final JetStreamSpanQueue queue;

  public PrivateStream() throws Exception {
    connection = TestNats.shared().connect();
    queue =
        new JetStreamSpanQueue(
            connection,
            new JetStreamSettings(
                TestNats.shared().url(),
                stream(),
                subject(),
                Duration.ofHours(1),
                -1,
                Duration.ofMinutes(2),
                Duration.ofSeconds(10),
                1));
  }

  public String stream() {
    return "LUMINA_SPANS_P" + run.toUpperCase(Locale.ROOT);
  }

  public String subject() {
    return "lumina_p" + run + ".spans";
  }

  public String durable() {
    return "lumina-worker-p" + run;
  }

  /** The worker properties that point a worker at this stream. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("lumina.nats.url", TestNats.shared().url());
    p.put("lumina.nats.stream", stream());
    p.put("lumina.nats.subject", subject());
    p.put("lumina.worker.durable-name", durable());
    return p;
  }

  /** Publishes one message and waits until the stream has it. */
  public void publish(SpanBatch batch) throws Exception {
    queue.publish(batch).get();
  }

  /** Publishes {@code messages} messages of {@code spansPerMessage} LLM spans (one trace each). */
  public void publish(String project, int messages, int spansPerMessage) throws Exception {
    List<java.util.concurrent.CompletableFuture<Void>> acks = new ArrayList<>();
    for (int m = 0; m < messages; m++) {
      String trace = OtlpSpans.randomTraceId();
      String root = OtlpSpans.randomSpanId();
      List<Span> spans = new ArrayList<>();
      spans.add(OtlpSpans.span(trace, root, null, "request", Instant.now(), 300).build());
      for (int i = 1; i < spansPerMessage; i++) {
        spans.add(
            OtlpSpans.llmSpan(
                    trace, OtlpSpans.randomSpanId(), root, Instant.now(), "gpt-4o-mini", 100, 20)
                .build());
      }
      SpanBatch batch = Otlp.batch(project, "svc", spans);
      acks.add(queue.publish(batch));
    }
    for (var ack : acks) {
      ack.get();
    }
  }

  @Override
  public void close() {
    try {
      connection.jetStreamManagement().deleteStream(stream());
    } catch (Exception e) {
      // already gone
    }
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
