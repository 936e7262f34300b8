package io.lumina.ingestion.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.ingestion.SdkSpans;
import io.lumina.ingestion.web.BodyRejectedException;
import io.lumina.testing.OtlpRequests;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.HttpStatus;

class OtlpJsonParserTest {
  private final OtlpJsonParser parser = new OtlpJsonParser();

  @Test
  void acceptsTheSharedOtlpExampleAsIs() throws Exception {
    ExportTraceServiceRequest request = parser.parse(fixture());

    Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray()))
        .isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(HexFormat.of().formatHex(span.getSpanId().toByteArray()))
        .isEqualTo("eee19b7ec3c1b174");
    assertThat(HexFormat.of().formatHex(span.getParentSpanId().toByteArray()))
        .isEqualTo("eee19b7ec3c1b173");
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000000L);
    assertThat(span.getEndTimeUnixNano()).isEqualTo(1544712661000000000L);
    assertThat(span.getAttributes(0).getValue().getStringValue()).isEqualTo("some value");
    assertThat(request.getResourceSpans(0).getScopeSpans(0).getScope().getVersion())
        .isEqualTo("1.0.0");
    assertThat(
            request.getResourceSpans(0).getResource().getAttributes(0).getValue().getStringValue())
        .isEqualTo("my.service");
  }

  @Test
  void theSdksJsonEncodingParsesToExactlyItsProtobufEncoding() throws Exception {
    List<SpanData> spans = SdkSpans.llmTrace("json-equivalence");

    ExportTraceServiceRequest fromJson = parser.parse(SdkSpans.json(spans));
    ExportTraceServiceRequest fromProtobuf =
        ExportTraceServiceRequest.parseFrom(SdkSpans.protobuf(spans));

    assertThat(fromJson).isEqualTo(fromProtobuf);
    assertThat(fromJson.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(2);
  }

  @Test
  void acceptsTheVariantsTheProto3JsonMappingAllows() throws Exception {
    String json =
        """
        {"resource_spans":[{"scope_spans":[{"spans":[
          {"trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"0102030405060708",
           "name":"snake","kind":"SPAN_KIND_CLIENT","start_time_unix_nano":"1700000000000000000",
           "end_time_unix_nano":1700000000500000000,"status":{"code":"STATUS_CODE_ERROR","message":null},
           "flags":769,"droppedAttributesCount":"2",
           "attributes":[{"key":"n","value":{"intValue":"-42"}},{"key":"d","value":{"doubleValue":"NaN"}},
                         {"key":"b","value":{"boolValue":true}},{"key":"x","value":{"bytesValue":"AQI="}}],
           "futureField":{"nested":[1,2,{"deep":true}]}, "anotherUnknown":"ignored"}
        ]}]}]}
        """;

    Span span =
        parser
            .parse(json.getBytes(StandardCharsets.UTF_8))
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0);

    assertThat(span.getName()).isEqualTo("snake");
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(span.getStartTimeUnixNano()).isEqualTo(1700000000000000000L);
    assertThat(span.getEndTimeUnixNano()).isEqualTo(1700000000500000000L);
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(span.getFlags()).isEqualTo(769);
    assertThat(span.getDroppedAttributesCount()).isEqualTo(2);
    assertThat(span.getAttributes(0).getValue().getIntValue()).isEqualTo(-42);
    assertThat(span.getAttributes(1).getValue().getDoubleValue()).isNaN();
    assertThat(span.getAttributes(2).getValue().getBoolValue()).isTrue();
    assertThat(span.getAttributes(3).getValue().getBytesValue().toByteArray())
        .containsExactly(1, 2);
  }

  @Test
  void keepsUnsignedNanosAboveLongMax() throws Exception {
    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":18446744073709551615}]}]}]}";

    Span span =
        parser
            .parse(json.getBytes(StandardCharsets.UTF_8))
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0);

    assertThat(Long.toUnsignedString(span.getStartTimeUnixNano()))
        .isEqualTo("18446744073709551615");
  }

  @Test
  void refusesBase64IdsWithAMessageSayingIdsAreHex() {
    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\"}]}]}]}";

    assertMalformed(json.getBytes(StandardCharsets.UTF_8), "traceId' must be hex");
  }

  @Test
  void refusesMalformedJson() {
    assertMalformed("{\"resourceSpans\":[".getBytes(StandardCharsets.UTF_8), "invalid JSON");
    assertMalformed("[]".getBytes(StandardCharsets.UTF_8), "must be a JSON object");
    assertMalformed("{} {}".getBytes(StandardCharsets.UTF_8), "after the JSON object");
    assertMalformed("{\"resourceSpans\":{}}".getBytes(StandardCharsets.UTF_8), "must be an array");
    assertMalformed(
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":\"SPAN_KIND_NOPE\"}]}]}]}"
            .getBytes(StandardCharsets.UTF_8),
        "unknown value 'SPAN_KIND_NOPE'");
    assertMalformed(
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}"
            .getBytes(StandardCharsets.UTF_8),
        "must be an integer");
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] prefix =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\""
            .getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\"}]}]}]}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 2 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
    body[prefix.length + 1] = (byte) 0x28;
    System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

    assertMalformed(body, "UTF-8");
  }

  @Test
  void refusesValuesNestedDeeperThanProtobufWould() {
    assertMalformed(OtlpRequests.deeplyNestedJson(200), "nested more than 100 levels");
  }

  /**
   * Numbers whose exact value would take millions of digits: refused by looking at the text, never
   * expanded. The timeout only catches a regression that expands them (that took minutes); the
   * assertions are about the answer.
   */
  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void refusesHostileNumbersWithoutExpandingThem() {
    for (String value :
        List.of(
            "1e50000000",
            "1E+50000000",
            "\"1e50000000\"",
            "-1e50000000",
            "1e999999999999999999999",
            "123456789012345678901234567890",
            "18446744073709551616",
            "\"" + "9".repeat(900) + "\"",
            "1" + "0".repeat(900))) {
      assertMalformed(span("startTimeUnixNano", value), "startTimeUnixNano' is out of range");
    }
    for (String value : List.of("1e-50000000", "\"1.5e-50000000\"", "1.5", "\"0.1\"")) {
      assertMalformed(span("endTimeUnixNano", value), "endTimeUnixNano' must be an integer");
    }
    for (String value : List.of("\"1e\"", "\"--1\"", "\"1e5x\"", "\".\"", "\"0x10\"")) {
      assertMalformed(span("startTimeUnixNano", value), "must be an integer");
    }
    assertMalformed(attribute("intValue", "1e50000000"), "intValue' is out of range");
    assertMalformed(span("kind", "1e50000000"), "kind' must be an enum number");
    assertMalformed(span("kind", "9".repeat(900)), "kind' is out of range");
    assertMalformed(
        span("droppedAttributesCount", "\"" + "1".repeat(2000) + "\""),
        "droppedAttributesCount' is out of range");
    assertMalformed(
        attribute("doubleValue", "\"" + "1".repeat(2000) + "\""), "doubleValue' must be a number");
  }

  @Test
  void acceptsIntegersInEveryExactForm() throws Exception {
    for (String value :
        List.of(
            "1700000000000000000",
            "1.7e18",
            "\"1.7E+18\"",
            "17000000000000000000e-1",
            "\" 1700000000000000000 \"",
            "1700000000000000000.000")) {
      assertThat(
              parser
                  .parse(span("startTimeUnixNano", value))
                  .getResourceSpans(0)
                  .getScopeSpans(0)
                  .getSpans(0)
                  .getStartTimeUnixNano())
          .as(value)
          .isEqualTo(1700000000000000000L);
    }
    assertThat(
            parser
                .parse(span("startTimeUnixNano", "0e999999999999"))
                .getResourceSpans(0)
                .getScopeSpans(0)
                .getSpans(0)
                .getStartTimeUnixNano())
        .isZero();
    assertThat(
            parser
                .parse(attribute("doubleValue", "1e50000000"))
                .getResourceSpans(0)
                .getScopeSpans(0)
                .getSpans(0)
                .getAttributes(0)
                .getValue()
                .getDoubleValue())
        .isInfinite();
  }

  private static byte[] span(String field, String value) {
    return ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\""
            + field
            + "\":"
            + value
            + "}]}]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] attribute(String type, String value) {
    return span("attributes", "[{\"key\":\"k\",\"value\":{\"" + type + "\":" + value + "}}]");
  }

  private void assertMalformed(byte[] body, String messagePart) {
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOfSatisfying(
            BodyRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }

  static byte[] fixture() throws IOException {
    try (InputStream in = OtlpJsonParserTest.class.getResourceAsStream("/otlp/trace.json")) {
      return in.readAllBytes();
    }
  }
}
