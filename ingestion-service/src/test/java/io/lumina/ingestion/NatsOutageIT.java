package io.lumina.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.queue.jetstream.JetStreamSettings;
import io.lumina.testing.OtlpRequests;
import io.lumina.testing.PrivateNatsServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * NATS stopped mid-test (a private server; the shared one is never touched): requests get 503 with
 * Retry-After, the service reconnects by itself, and every span that got a 200 is in the stream
 * afterwards.
 */
class NatsOutageIT extends IngestionContext {
  @Autowired JetStreamSettings queue;

  private final List<String> acceptedSpanIds = new ArrayList<>();
  private final List<String> refusedSpanIds = new ArrayList<>();

  private int send(String contentType) throws Exception {
    ExportTraceServiceRequest request = OtlpRequests.traces("outage", 1, 3);
    byte[] body = contentType.equals("application/json") ? json(request) : request.toByteArray();
    HttpResponse<byte[]> response = post("/v1/traces", contentType, body);
    List<String> ids =
        request.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
            .map(s -> OtlpRequests.hex(s.getSpanId()))
            .toList();
    if (response.statusCode() == 200) {
      acceptedSpanIds.addAll(ids);
    } else {
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
      RpcStatus status =
          contentType.equals("application/json")
              ? RpcStatus.fromJson(response.body())
              : RpcStatus.fromProtobuf(response.body());
      assertThat(status.code()).isEqualTo(14);
      assertThat(status.message()).contains("span queue unavailable");
      refusedSpanIds.addAll(ids);
    }
    return response.statusCode();
  }

  private boolean aRoundOf200s() throws Exception {
    if (get("/actuator/health").statusCode() != 200) {
      return false;
    }
    for (int i = 0; i < 2 * queue.publishConnections(); i++) {
      if (send("application/x-protobuf") != 200) {
        return false;
      }
    }
    return true;
  }

  @Test
  void requestsGet503WhileNatsIsDownAndNothingThatGot200IsMissingAfterwards() throws Exception {
    PrivateNatsServer nats = TestNatsServer.get();
    long before = stream.lastSequence();
    for (int i = 0; i < 3; i++) {
      assertThat(send("application/x-protobuf")).isEqualTo(200);
    }

    nats.stop();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> send("application/x-protobuf") == 503);
      assertThat(send("application/x-protobuf")).isEqualTo(503);
      assertThat(send("application/json")).isEqualTo(503);
      assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
    } finally {
      nats.start();
    }

    // Each publish connection reconnects on its own (and a fresh one may be refused once while
    // JetStream recovers) and requests take them in turn: recovered means healthy and two whole
    // rounds of them answered 200, not the first one that came back.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(this::aRoundOf200s);
    for (int i = 0; i < 3; i++) {
      assertThat(send(i % 2 == 0 ? "application/json" : "application/x-protobuf")).isEqualTo(200);
    }
    assertThat(get("/actuator/health").statusCode()).isEqualTo(200);

    Set<String> stored = new HashSet<>();
    stream.spansAfter(before).forEach(s -> stored.add(s.spanIdHex()));
    assertThat(stored).containsAll(acceptedSpanIds);
    assertThat(refusedSpanIds).isNotEmpty().noneMatch(stored::contains);
    assertThat(get("/actuator/prometheus").body())
        .contains("lumina_ingest_requests_total{protocol=\"otlp-protobuf\",status=\"503\"}");
  }

  private static byte[] json(ExportTraceServiceRequest request) {
    StringBuilder spans = new StringBuilder();
    for (var span : request.getResourceSpans(0).getScopeSpans(0).getSpansList()) {
      if (!spans.isEmpty()) {
        spans.append(',');
      }
      spans
          .append("{\"traceId\":\"")
          .append(OtlpRequests.hex(span.getTraceId()))
          .append("\",\"spanId\":\"")
          .append(OtlpRequests.hex(span.getSpanId()))
          .append(
              span.getParentSpanId().isEmpty()
                  ? ""
                  : "\",\"parentSpanId\":\"" + OtlpRequests.hex(span.getParentSpanId()))
          .append("\",\"name\":\"")
          .append(span.getName())
          .append("\",\"startTimeUnixNano\":\"")
          .append(span.getStartTimeUnixNano())
          .append("\",\"endTimeUnixNano\":\"")
          .append(span.getEndTimeUnixNano())
          .append("\"}");
    }
    return ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + spans + "]}]}]}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
