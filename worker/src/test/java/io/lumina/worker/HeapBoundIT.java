package io.lumina.worker;

import static io.lumina.worker.KillIT.awaitStarted;
import static io.lumina.worker.KillIT.metric;
import static io.lumina.worker.KillIT.prometheus;
import static io.lumina.worker.KillIT.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.testing.OtlpSpans;
import io.lumina.testing.ServiceProcess;
import io.lumina.testing.TestDatabase;
import io.lumina.testing.TestInfra;
import io.lumina.testing.TestNats;
import io.lumina.wire.SpanBatch;
import io.nats.client.Connection;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worker's heap stays bounded for messages of the largest size the queue allows: a worker JVM
 * with the heap the Kubernetes manifest gives it (deploy/k8s/31-worker.yaml: 1Gi limit, the image's
 * MaxRAMPercentage=75, so -Xmx768m, and ExitOnOutOfMemoryError as in the image) drains a backlog of
 * maximum-size messages with the default batch bounds, stores every span, and is still alive. Its
 * batches stay within the byte bound (docs/worker.md#memory).
 */
class HeapBoundIT {
  static final int MESSAGES = 64;
  static final long DEFAULT_MAX_BATCH_BYTES = 16L * 1024 * 1024;

  @Test
  void aBacklogOfMaximumSizeMessagesIsStoredWithinTheManifestHeap() throws Exception {
    TestDatabase.shared().migrate();
    String project = "heap" + UUID.randomUUID().toString().substring(0, 8);
    try (PrivateStream stream = new PrivateStream();
        Connection nats = TestNats.shared().connect()) {
      int maxPayload = (int) nats.getServerInfo().getMaxPayload() - 1024;
      int spansPerMessage = spansThatFit(project, maxPayload);
      for (int m = 0; m < MESSAGES; m++) {
        SpanBatch batch = message(project, spansPerMessage);
        assertThat(batch.payload().length).isBetween(maxPayload * 9 / 10, maxPayload);
        stream.publish(batch);
      }
      long expected = (long) MESSAGES * spansPerMessage;

      Map<String, Object> props = new LinkedHashMap<>(TestInfra.properties());
      props.putAll(stream.properties());
      props.put("server.port", 0);
      props.put("spring.flyway.enabled", false); // migrated by this JVM already
      props.put("lumina.retention.days", 0);
      try (ServiceProcess worker =
          ServiceProcess.start(
              "worker-heap",
              List.of("-Xmx768m", "-XX:+ExitOnOutOfMemoryError"),
              WorkerApplication.class.getName(),
              props)) {
        awaitStarted(worker);
        await()
            .atMost(Duration.ofSeconds(300))
            .pollInterval(Duration.ofMillis(500))
            .failFast("the worker died: " + tail(worker), () -> !worker.isAlive())
            .until(() -> stored(project) >= expected);
        assertThat(stored(project)).isEqualTo(expected);
        assertThat(worker.isAlive()).isTrue();
        assertThat(worker.logContains("OutOfMemoryError")).isFalse();

        String metrics = prometheus(worker);
        assertThat(metric(metrics, "lumina_worker_batch_bytes_max"))
            .as("largest batch")
            .isLessThanOrEqualTo(DEFAULT_MAX_BATCH_BYTES)
            .isGreaterThan(maxPayload);
        assertThat(metric(metrics, "lumina_worker_dead_letters_total")).isZero();
      }
    }
  }

  private static String tail(ServiceProcess worker) {
    try {
      return worker.logTail(40);
    } catch (RuntimeException e) {
      return "(no log)";
    }
  }

  /** How many of {@link #message}'s spans fit one message of the server's largest size. */
  private static int spansThatFit(String project, int maxPayload) {
    int n = 1;
    while (message(project, n + 1).payload().length <= maxPayload) {
      n++;
    }
    return n;
  }

  /** One trace of LLM spans with long prompts. */
  private static SpanBatch message(String project, int spanCount) {
    String trace = OtlpSpans.randomTraceId();
    String prompt = "Summarize the following report. ".repeat(600); // about 19 KB
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < spanCount; i++) {
      spans.add(
          OtlpSpans.span(
                  trace, OtlpSpans.randomSpanId(), null, "chat gpt-4o-mini", Instant.now(), 50)
              .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
              .addAttributes(OtlpSpans.str("gen_ai.system", "openai"))
              .addAttributes(OtlpSpans.str("gen_ai.request.model", "gpt-4o-mini"))
              .addAttributes(OtlpSpans.num("gen_ai.usage.input_tokens", 4000))
              .addAttributes(OtlpSpans.num("gen_ai.usage.output_tokens", 10))
              .addAttributes(OtlpSpans.str("gen_ai.prompt", prompt + i))
              .build());
    }
    return Otlp.batch(project, "heap-svc", spans);
  }
}
