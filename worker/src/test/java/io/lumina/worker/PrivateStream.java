package io.lumina.worker;

import io.lumina.queue.jetstream.JetStreamSettings;
import io.lumina.queue.jetstream.JetStreamSpanQueue;
import io.lumina.testing.OtlpSpans;
import io.lumina.testing.TestNats;
import io.lumina.wire.SpanBatch;
import io.nats.client.Connection;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NATS prefix of one test's own inside this JVM's (so its stream, subject and durable are its own
 * on the machine's NATS), with a publisher on it; the stream is deleted on close.
 */
public final class PrivateStream implements AutoCloseable {
  private final JetStreamSettings settings =
      JetStreamSettings.defaults(TestNats.shared().url()).withPrefix(TestNats.shared().newPrefix());
  private final Connection connection;
  private final JetStreamSpanQueue queue;

  public PrivateStream() throws Exception {
    connection = TestNats.shared().connect();
    queue = new JetStreamSpanQueue(connection, settings);
  }

  /** Where a worker started with {@link #properties()} consumes from. */
  public JetStreamSettings settings() {
    return settings;
  }

  /** The worker properties that point a worker at this stream. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("lumina.nats.url", settings.url());
    p.put("lumina.nats.prefix", settings.prefix());
    return p;
  }

  /**
   * Command-line arguments of a worker on this stream, the test JVM's database and a random port,
   * followed by {@code extra} ({@code --key=value}).
   */
  public String[] workerArgs(String... extra) {
    Map<String, Object> props = new LinkedHashMap<>(io.lumina.testing.TestInfra.properties());
    props.putAll(properties());
    List<String> args = new ArrayList<>();
    props.forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--server.port=0");
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
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
      connection.jetStreamManagement().deleteStream(settings.streamName());
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
