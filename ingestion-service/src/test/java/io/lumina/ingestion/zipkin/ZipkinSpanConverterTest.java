package io.lumina.ingestion.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.ingestion.web.BodyRejectedException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ZipkinSpanConverterTest {
  private final ZipkinSpanConverter converter = new ZipkinSpanConverter();

  static final String TWO_SERVICES =
      """
      [{"traceId":"5af7183fb1d4cf5f","parentId":"6b221d5bc9e6496c","id":"352bff9a74ca9ad2","kind":"CLIENT",
        "name":"query","timestamp":1556604172355737,"duration":1431,
        "localEndpoint":{"serviceName":"backend","ipv4":"192.168.99.1","port":3306},
        "remoteEndpoint":{"serviceName":"mysql","ipv4":"192.168.99.101","port":3306},
        "annotations":[{"timestamp":1556604172355800,"value":"wire send"}],
        "tags":{"sql.query":"select 1","error":"connection reset"}},
       {"traceId":"463ac35c9f6413ad48485a3953bb6124","id":"a2fb4a1d1a96d312","kind":"SERVER","name":"get /api",
        "timestamp":1556604172355000,"duration":2000,"localEndpoint":{"serviceName":"frontend"},
        "tags":{"http.method":"GET","otel.status_code":"OK"},"shared":true}]
      """;

  @Test
  void mapsZipkinV2ToOtlp() throws Exception {
    ExportTraceServiceRequest request =
        converter.convert(TWO_SERVICES.getBytes(StandardCharsets.UTF_8));

    assertThat(request.getResourceSpansCount()).isEqualTo(2);
    assertThat(
            request.getResourceSpans(0).getResource().getAttributes(0).getValue().getStringValue())
        .isEqualTo("backend");
    Span client = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(hex(client.getTraceId().toByteArray()))
        .isEqualTo("00000000000000005af7183fb1d4cf5f");
    assertThat(hex(client.getSpanId().toByteArray())).isEqualTo("352bff9a74ca9ad2");
    assertThat(hex(client.getParentSpanId().toByteArray())).isEqualTo("6b221d5bc9e6496c");
    assertThat(client.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(client.getStartTimeUnixNano()).isEqualTo(1556604172355737000L);
    assertThat(client.getEndTimeUnixNano()).isEqualTo(1556604172355737000L + 1431_000L);
    assertThat(client.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(client.getStatus().getMessage()).isEqualTo("connection reset");
    assertThat(client.getEvents(0).getName()).isEqualTo("wire send");
    assertThat(client.getEvents(0).getTimeUnixNano()).isEqualTo(1556604172355800000L);
    Map<String, String> attributes =
        client.getAttributesList().stream()
            .collect(
                Collectors.toMap(
                    KeyValue::getKey,
                    kv ->
                        kv.getValue().hasIntValue()
                            ? Long.toString(kv.getValue().getIntValue())
                            : kv.getValue().getStringValue()));
    assertThat(attributes)
        .containsEntry("sql.query", "select 1")
        .containsEntry("peer.service", "mysql")
        .containsEntry("network.peer.address", "192.168.99.101")
        .containsEntry("network.peer.port", "3306")
        .doesNotContainKey("error");

    Span server = request.getResourceSpans(1).getScopeSpans(0).getSpans(0);
    assertThat(hex(server.getTraceId().toByteArray()))
        .isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    assertThat(server.getParentSpanId().isEmpty()).isTrue();
    assertThat(server.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(server.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
  }

  @Test
  void refusesWhatIsNotZipkinV2Json() {
    assertMalformed("{\"traceId\":\"1\"}", "JSON array of spans");
    assertMalformed("[{\"traceId\":\"xyz\",\"id\":\"1\"}]", "traceId is not hex");
    assertMalformed("[{\"traceId\":\"" + "a".repeat(33) + "\",\"id\":\"1\"}]", "at most 32");
    assertMalformed(
        "[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":\"yesterday\"}]", "microseconds");
    assertMalformed("[1,2", "invalid JSON");
  }

  private void assertMalformed(String body, String messagePart) {
    assertThatThrownBy(() -> converter.convert(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            BodyRejectedException.class, e -> assertThat(e.getMessage()).contains(messagePart));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
