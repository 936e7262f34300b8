package io.lumina.ingestion;

import static io.lumina.testing.OtlpRequests.attribute;
import static io.lumina.testing.OtlpRequests.hex;
import static io.lumina.testing.OtlpRequests.randomId;
import static io.lumina.testing.OtlpRequests.request;
import static io.lumina.testing.OtlpRequests.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lumina.model.Projects;
import io.lumina.testing.OtlpRequests;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The receiver over real HTTP against a real JetStream: what clients get back, and what reached the
 * stream.
 */
class IngestionHttpIT extends IngestionContext {
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  @Test
  void theSdkExporterDeliversProtobufOn9411AndGzipOn4318() throws Exception {
    assertThat(otlpPort.localPort()).isPositive().isNotEqualTo(port);
    List<SpanData> first = SdkSpans.llmTrace("sdk-protobuf");
    List<SpanData> second = SdkSpans.llmTrace("sdk-gzip");
    long before = stream.lastSequence();

    assertThat(export("http://127.0.0.1:" + port + "/v1/traces", "none", first).isSuccess())
        .isTrue();
    assertThat(
            export("http://127.0.0.1:" + otlpPort.localPort() + "/v1/traces", "gzip", second)
                .isSuccess())
        .isTrue();

    List<StreamProbe.StoredSpan> stored = stream.spansAfter(before);
    assertThat(stored)
        .extracting(StreamProbe.StoredSpan::spanIdHex)
        .containsExactlyInAnyOrderElementsOf(spanIds(first, second));
    assertThat(stored).allSatisfy(s -> assertThat(s.project()).isEqualTo(Projects.DEFAULT_PROJECT));
  }

  @Test
  void theSdksJsonEncodingIsAcceptedAndAnsweredInJson() throws Exception {
    List<SpanData> spans = SdkSpans.llmTrace("sdk-json");
    long before = stream.lastSequence();

    HttpResponse<byte[]> response = post("/v1/traces", JSON, SdkSpans.json(spans));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(stream.spansAfter(before))
        .extracting(StreamProbe.StoredSpan::spanIdHex)
        .containsExactlyInAnyOrderElementsOf(spanIds(spans));
  }

  @Test
  void theSharedOtlpJsonExampleIsAcceptedAsIsOnBothPorts() throws Exception {
    byte[] fixture;
    try (InputStream in = getClass().getResourceAsStream("/otlp/trace.json")) {
      fixture = in.readAllBytes();
    }
    long before = stream.lastSequence();

    HttpResponse<byte[]> response = post("/v1/traces", "application/json; charset=utf-8", fixture);
    HttpResponse<byte[]> onOtlpPort =
        post(URI.create("http://127.0.0.1:" + otlpPort.localPort() + "/v1/traces"), JSON, fixture);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(onOtlpPort.statusCode()).isEqualTo(200);
    List<StreamProbe.StoredSpan> stored = stream.spansAfter(before);
    // the same content twice: the content-derived message id lets JetStream keep it once
    assertThat(stored)
        .extracting(StreamProbe.StoredSpan::spanIdHex)
        .containsExactly("eee19b7ec3c1b174");
    assertThat(stored.getFirst().span().getName()).isEqualTo("I'm a server span");
  }

  @Test
  void invalidSpansAreRejectedOneByOneWithPartialSuccessInTheRequestsEncoding() throws Exception {
    ByteString trace = randomId(16);
    Span good = span(trace, randomId(8), null, "good").build();
    ExportTraceServiceRequest request =
        request(
            "partial",
            good,
            span(ByteString.copyFrom(new byte[16]), randomId(8), null, "zero trace id").build(),
            span(trace, randomId(4), null, "short span id").build(),
            span(trace, randomId(8), null, "backwards")
                .setStartTimeUnixNano(2_000)
                .setEndTimeUnixNano(1_000)
                .build());
    long before = stream.lastSequence();

    HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, request.toByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
    ExportTraceServiceResponse body = ExportTraceServiceResponse.parseFrom(response.body());
    assertThat(body.getPartialSuccess().getRejectedSpans()).isEqualTo(3);
    assertThat(body.getPartialSuccess().getErrorMessage())
        .startsWith("rejected 3 of 4 spans")
        .contains("span 'zero trace id' has a 16-byte trace id of zeros")
        .contains("span 'short span id' has a 4-byte span id")
        .contains("span 'backwards' ends 1000 before it starts 2000");
    assertThat(stream.spansAfter(before))
        .extracting(StreamProbe.StoredSpan::span)
        .containsExactly(good);

    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
            + "{\"traceId\":\""
            + hex(randomId(16))
            + "\",\"spanId\":\""
            + hex(randomId(8))
            + "\",\"name\":\"ok\"},"
            + "{\"traceId\":\""
            + hex(randomId(16))
            + "\",\"spanId\":\"0000000000000000\",\"name\":\"zero span id\"}]}]}]}";
    HttpResponse<byte[]> jsonResponse =
        post("/v1/traces", JSON, json.getBytes(StandardCharsets.UTF_8));
    assertThat(jsonResponse.statusCode()).isEqualTo(200);
    var partial = RpcStatus.json(jsonResponse.body()).get("partialSuccess");
    assertThat(partial.get("rejectedSpans").asInt()).isEqualTo(1);
    assertThat(partial.get("errorMessage").asString())
        .contains("span 'zero span id' has a 8-byte span id of zeros");
  }

  @Test
  void aRequestOfOnlyInvalidSpansKeepsNothing() throws Exception {
    long before = stream.lastSequence();
    ExportTraceServiceRequest request =
        request(
            "invalid",
            span(ByteString.copyFrom(new byte[16]), randomId(8), null, "a").build(),
            span(randomId(16), ByteString.EMPTY, null, "b").build());

    HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, request.toByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(
            ExportTraceServiceResponse.parseFrom(response.body())
                .getPartialSuccess()
                .getRejectedSpans())
        .isEqualTo(2);
    assertThat(stream.lastSequence()).isEqualTo(before);
  }

  @Test
  void hugeAttributeValuesAreTruncatedAndTheSpanKept() throws Exception {
    Span span =
        span(randomId(16), randomId(8), null, "huge prompt")
            .addAttributes(attribute("gen_ai.prompt", "p".repeat(200_000)))
            .addAttributes(attribute("small", "kept"))
            .build();
    long before = stream.lastSequence();

    HttpResponse<byte[]> response =
        post("/v1/traces", PROTOBUF, request("huge", span).toByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    ExportTraceServiceResponse body = ExportTraceServiceResponse.parseFrom(response.body());
    assertThat(body.getPartialSuccess().getRejectedSpans()).isZero();
    assertThat(body.getPartialSuccess().getErrorMessage())
        .isEqualTo("truncated 1 attribute values to " + MAX_VALUE_LENGTH + " characters");
    Span stored = stream.spansAfter(before).getFirst().span();
    assertThat(stored.getAttributes(0).getValue().getStringValue()).hasSize(MAX_VALUE_LENGTH);
    assertThat(stored.getAttributes(1).getValue().getStringValue()).isEqualTo("kept");
  }

  /**
   * One malformed or refused body: expected status, encoding and message, and nothing in the
   * stream.
   */
  private void assertRefused(
      String contentType,
      byte[] body,
      int status,
      String replyType,
      String messagePart,
      String... headers)
      throws Exception {
    long before = stream.lastSequence();

    HttpResponse<byte[]> response = post("/v1/traces", contentType, body, headers);

    assertThat(response.statusCode()).as(messagePart).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(replyType);
    RpcStatus rpc =
        replyType.equals(PROTOBUF)
            ? RpcStatus.fromProtobuf(response.body())
            : RpcStatus.fromJson(response.body());
    assertThat(rpc.code())
        .isEqualTo(
            switch (status) {
              case 400, 415 -> 3;
              case 413 -> 11;
              case 429 -> 8;
              case 503 -> 14;
              default -> -1;
            });
    assertThat(rpc.message()).contains(messagePart);
    assertThat(stream.lastSequence())
        .as("nothing from a refused request reaches the stream")
        .isEqualTo(before);
  }

  @Test
  void malformedBodiesAre400InTheRequestsEncoding() throws Exception {
    byte[] valid = OtlpRequests.traces("malformed", 2, 3).toByteArray();
    assertRefused(
        PROTOBUF, Arrays.copyOf(valid, valid.length - 7), 400, PROTOBUF, "malformed protobuf body");
    assertRefused(
        JSON, "{\"resourceSpans\":[{".getBytes(StandardCharsets.UTF_8), 400, JSON, "invalid JSON");
    assertRefused(
        JSON,
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\"}]}]}]}"
            .getBytes(StandardCharsets.UTF_8),
        400,
        JSON,
        "OTLP JSON ids are hex");
    assertRefused(
        PROTOBUF,
        "not gzip".getBytes(StandardCharsets.UTF_8),
        400,
        PROTOBUF,
        "not valid gzip data",
        "Content-Encoding",
        "gzip");
  }

  @Test
  void deeplyNestedValuesAre400() throws Exception {
    Span deep =
        span(randomId(16), randomId(8), null, "deep")
            .addAttributes(
                KeyValue.newBuilder().setKey("deep").setValue(OtlpRequests.nestedValue(200)))
            .build();
    assertRefused(
        PROTOBUF, request("deep", deep).toByteArray(), 400, PROTOBUF, "too many levels of nesting");
    assertRefused(
        JSON, OtlpRequests.deeplyNestedJson(200), 400, JSON, "nested more than 100 levels");
  }

  @Test
  void invalidUtf8Is400InEitherEncoding() throws Exception {
    Span named = span(randomId(16), randomId(8), null, "AAAA").build();
    byte[] body = request("utf8", named).toByteArray();
    int at = indexOf(body, "AAAA".getBytes(StandardCharsets.US_ASCII));
    body[at] = (byte) 0xC3; // a lead byte followed by an ASCII byte is not UTF-8
    assertRefused(PROTOBUF, body, 400, PROTOBUF, "UTF-8");

    byte[] json =
        ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"AAAA\"}]}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    json[indexOf(json, "AAAA".getBytes(StandardCharsets.US_ASCII))] = (byte) 0xC3;
    assertRefused(JSON, json, 400, JSON, "UTF-8");
  }

  @Test
  void otherContentTypesAre415() throws Exception {
    assertRefused(
        "text/plain",
        "hello".getBytes(StandardCharsets.UTF_8),
        415,
        JSON,
        "Content-Type 'text/plain' is not supported");
    assertRefused(
        PROTOBUF,
        OtlpRequests.traces("br", 1, 1).toByteArray(),
        415,
        PROTOBUF,
        "Content-Encoding 'br' is not supported",
        "Content-Encoding",
        "br");
  }

  @Test
  void oversizedBodiesAndGzipBombsAre413() throws Exception {
    assertRefused(
        PROTOBUF,
        new byte[MAX_BODY + 1],
        413,
        PROTOBUF,
        "over the limit of " + MAX_BODY + " bytes");

    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) { // 256 MiB of zeros, about 256 KiB compressed
        gz.write(zeros);
      }
    }
    assertThat(bomb.size()).isLessThan(MAX_BODY);
    assertRefused(
        PROTOBUF,
        bomb.toByteArray(),
        413,
        PROTOBUF,
        "decompressed body is over the limit",
        "Content-Encoding",
        "gzip");

    List<Span> spans = new ArrayList<>();
    for (int i = 0; i <= MAX_SPANS; i++) {
      spans.add(span(randomId(16), randomId(8), null, "s").build());
    }
    assertRefused(
        PROTOBUF,
        request("many", spans).toByteArray(),
        413,
        PROTOBUF,
        "more than " + MAX_SPANS + " spans");

    assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
  }

  @Test
  void theDailyTraceLimitAnswers429UntilMidnightUtcButLetsTracesInProgressFinish()
      throws Exception {
    assertThat(
            post("/v1/traces", PROTOBUF, OtlpRequests.traces("limit", 120, 1).toByteArray())
                .statusCode())
        .isEqualTo(200);
    assertThat(
            post("/v1/traces", PROTOBUF, OtlpRequests.traces("limit", 80, 1).toByteArray())
                .statusCode())
        .isEqualTo(200);

    Instant now = clock.instant();
    Instant midnight =
        now.atZone(ZoneOffset.UTC)
            .toLocalDate()
            .plusDays(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    long before = stream.lastSequence();
    HttpResponse<byte[]> refused =
        post("/v1/traces", PROTOBUF, OtlpRequests.traces("limit", 1, 2).toByteArray());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After"))
        .hasValue(Long.toString(Duration.between(now, midnight).toSeconds() + 1));
    assertThat(RpcStatus.fromProtobuf(refused.body()).message())
        .contains("daily trace limit of " + DAILY_LIMIT + " traces reached for project 'default'")
        .contains("resets at " + midnight);
    assertThat(stream.lastSequence()).isEqualTo(before);

    Span childOfCountedTrace = span(randomId(16), randomId(8), randomId(8), "late child").build();
    assertThat(
            post("/v1/traces", PROTOBUF, request("limit", childOfCountedTrace).toByteArray())
                .statusCode())
        .isEqualTo(200);

    clock.set(midnight);
    assertThat(
            post("/v1/traces", PROTOBUF, OtlpRequests.traces("limit", 1, 2).toByteArray())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void zipkinV2JsonIsConvertedAndAnswered202() throws Exception {
    long before = stream.lastSequence();
    String zipkin =
        """
        [{"traceId":"5af7183fb1d4cf5f","parentId":"6b221d5bc9e6496c","id":"352bff9a74ca9ad2","kind":"CLIENT",
          "name":"query","timestamp":1556604172355737,"duration":1431,"localEndpoint":{"serviceName":"backend"},
          "tags":{"error":"boom"}}]
        """;

    HttpResponse<byte[]> response =
        post("/api/v2/spans", JSON, zipkin.getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(202);
    List<StreamProbe.StoredSpan> stored = stream.spansAfter(before);
    assertThat(stored)
        .extracting(StreamProbe.StoredSpan::spanIdHex)
        .containsExactly("352bff9a74ca9ad2");
    assertThat(hex(stored.getFirst().span().getTraceId()))
        .isEqualTo("00000000000000005af7183fb1d4cf5f");

    HttpResponse<byte[]> invalid =
        post(
            "/api/v2/spans",
            JSON,
            "[{\"traceId\":\"0\",\"id\":\"0\",\"name\":\"zero\"}]"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(RpcStatus.fromJson(invalid.body()).message())
        .contains("trace id not 16 bytes or all zero");
    assertThat(stream.spansAfter(before)).hasSize(1);
  }

  @Test
  void metricsCountAcceptedAndRejectedSpansRequestsAndPublishLatency() throws Exception {
    post("/v1/traces", PROTOBUF, OtlpRequests.traces("metrics", 1, 2).toByteArray());
    post(
        "/v1/traces",
        PROTOBUF,
        request("metrics", span(ByteString.EMPTY, randomId(8), null, "x").build()).toByteArray());

    String prometheus = get("/actuator/prometheus").body();

    assertThat(prometheus)
        .contains("lumina_ingest_spans_accepted_total{protocol=\"otlp-protobuf\"}")
        .contains("lumina_ingest_spans_rejected_total{reason=\"invalid_trace_id\"}")
        .contains("lumina_ingest_requests_total{protocol=\"otlp-protobuf\",status=\"200\"}")
        .contains("lumina_ingest_request_size_bytes_count{protocol=\"otlp-protobuf\"}")
        .contains("lumina_ingest_publish_latency_seconds_count")
        .contains("lumina_ingest_request_duration_seconds_count{protocol=\"otlp-protobuf\"}");
    // the receivers are timed by the ingest meters, not by Spring's per-request observation
    assertThat(prometheus).doesNotContain("uri=\"/v1/traces\"");
    assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/prometheus").body())
        .contains("http_server_requests_seconds_count{")
        .contains("uri=\"/actuator/health\"");
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"queue\"");
  }

  private CompletableResultCode export(String endpoint, String compression, List<SpanData> spans) {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(endpoint)
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(10))
            .build();
    try {
      return exporter.export(spans).join(15, TimeUnit.SECONDS);
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  @SafeVarargs
  private static List<String> spanIds(List<SpanData>... lists) {
    List<String> ids = new ArrayList<>();
    for (List<SpanData> list : lists) {
      list.forEach(s -> ids.add(s.getSpanId()));
    }
    return ids;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }
}
