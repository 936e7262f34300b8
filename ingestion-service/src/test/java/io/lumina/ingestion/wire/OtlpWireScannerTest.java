package io.lumina.ingestion.wire;

import static io.lumina.testing.OtlpRequests.attribute;
import static io.lumina.testing.OtlpRequests.randomId;
import static io.lumina.testing.OtlpRequests.request;
import static io.lumina.testing.OtlpRequests.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lumina.ingestion.SdkSpans;
import io.lumina.ingestion.web.BodyRejectedException;
import io.lumina.testing.OtlpRequests;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class OtlpWireScannerTest {
  private final OtlpWireScanner scanner = new OtlpWireScanner(8, 100);

  /** A request with every kind of field: links, events, status, nested values, several scopes. */
  private static ExportTraceServiceRequest rich() {
    ByteString trace = randomId(16);
    Span root =
        span(trace, randomId(8), null, "root ü")
            .setTraceState("k=v")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setFlags(0x301)
            .addAttributes(attribute("gen_ai.system", "openai"))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("nested")
                    .setValue(
                        AnyValue.newBuilder()
                            .setKvlistValue(
                                KeyValueList.newBuilder()
                                    .addValues(attribute("a", "b"))
                                    .addValues(
                                        KeyValue.newBuilder()
                                            .setKey("n")
                                            .setValue(OtlpRequests.nestedValue(10))))))
            .addEvents(
                Span.Event.newBuilder()
                    .setName("event")
                    .setTimeUnixNano(5)
                    .addAttributes(attribute("m", "x")))
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(randomId(16))
                    .setSpanId(randomId(8))
                    .addAttributes(attribute("l", "y")))
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
            .build();
    Span child = span(trace, randomId(8), root.getSpanId(), "child 🙂").build();
    ExportTraceServiceRequest one = request("svc-a", root, child);
    ResourceSpans second =
        ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "svc-b")))
            .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
            .addScopeSpans(
                ScopeSpans.newBuilder().addSpans(span(randomId(16), randomId(8), null, "x")))
            .addScopeSpans(
                ScopeSpans.newBuilder()
                    .setSchemaUrl("s")
                    .addSpans(span(randomId(16), randomId(8), null, "y"))
                    .addSpans(span(randomId(16), randomId(8), null, "z")))
            .build();
    return one.toBuilder().addResourceSpans(second).build();
  }

  private static ExportTraceServiceRequest all(RequestLayout layout) throws Exception {
    return ExportTraceServiceRequest.parseFrom(
        layout.encode(new RequestLayout.Part(0, layout.spanCount(), 0, false)));
  }

  @Test
  void findsEverySpanAndItsValidationFieldsWithoutParsing() throws Exception {
    ExportTraceServiceRequest request = rich();
    RequestLayout layout = scanner.scan(request.toByteArray(), 100);

    assertThat(layout.spanCount()).isEqualTo(5);
    Span root = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(layout.name(0)).isEqualTo("root ü");
    assertThat(layout.name(1)).isEqualTo("child 🙂");
    assertThat(layout.traceIdLength(0)).isEqualTo(16);
    assertThat(layout.spanIdLength(0)).isEqualTo(8);
    assertThat(layout.hasParent(0)).isFalse();
    assertThat(layout.hasParent(1)).isTrue();
    assertThat(layout.flags(0)).isEqualTo(0x301);
    assertThat(layout.startTimeUnixNano(0)).isEqualTo(root.getStartTimeUnixNano());
    assertThat(layout.endTimeUnixNano(0)).isEqualTo(root.getEndTimeUnixNano());
    assertThat(Span.parser().parseFrom(layout.body(), layout.spanOffset(0), layout.spanLength(0)))
        .isEqualTo(root);
    assertThat(layout.unchanged()).isTrue();
    assertThat(all(layout)).isEqualTo(request);
  }

  @Test
  void theSdksRequestsAreReadAsProtobufReadsThem() throws Exception {
    byte[] body = SdkSpans.protobuf(SdkSpans.llmTrace("scan"));

    RequestLayout layout = scanner.scan(body, 100);

    assertThat(all(layout)).isEqualTo(ExportTraceServiceRequest.parseFrom(body));
  }

  @Test
  void rejectedAndReplacedSpansAreLeftOutOrWrittenAnewAndEverythingElseIsCopied() throws Exception {
    ExportTraceServiceRequest request = rich();
    RequestLayout layout = scanner.scan(request.toByteArray(), 100);
    Span renamed =
        request.getResourceSpans(1).getScopeSpans(1).getSpans(0).toBuilder()
            .setName("renamed")
            .build();

    layout.reject(1);
    layout.reject(2); // the only span of its scope: the scope goes too
    layout.replace(3, renamed.toByteArray());

    ExportTraceServiceRequest expected =
        request.toBuilder()
            .setResourceSpans(
                0,
                request.getResourceSpans(0).toBuilder()
                    .setScopeSpans(
                        0, request.getResourceSpans(0).getScopeSpans(0).toBuilder().removeSpans(1)))
            .setResourceSpans(
                1,
                request.getResourceSpans(1).toBuilder()
                    .removeScopeSpans(0)
                    .setScopeSpans(
                        0,
                        request.getResourceSpans(1).getScopeSpans(1).toBuilder()
                            .setSpans(0, renamed)))
            .build();
    assertThat(layout.unchanged()).isFalse();
    assertThat(all(layout)).isEqualTo(expected);
  }

  @Test
  void splitsBelowALimitKeepingEachSpanWithItsResourceAndScope() throws Exception {
    ExportTraceServiceRequest request = OtlpRequests.traces("split", 40, 5);
    byte[] body = request.toByteArray();
    RequestLayout layout = scanner.scan(body, 1000);
    layout.reject(7);

    List<RequestLayout.Part> parts = layout.split(2048);

    List<Span> published = new ArrayList<>();
    for (RequestLayout.Part part : parts) {
      assertThat(part.oversized()).isFalse();
      byte[] encoded = layout.encode(part);
      assertThat(encoded.length).isLessThanOrEqualTo(2048).isLessThanOrEqualTo((int) part.size());
      ExportTraceServiceRequest parsed = ExportTraceServiceRequest.parseFrom(encoded);
      assertThat(parsed.getResourceSpans(0).getResource())
          .isEqualTo(request.getResourceSpans(0).getResource());
      parsed.getResourceSpans(0).getScopeSpans(0).getSpansList().forEach(published::add);
    }
    List<Span> expected =
        new ArrayList<>(request.getResourceSpans(0).getScopeSpans(0).getSpansList());
    expected.remove(7);
    assertThat(parts).hasSizeGreaterThan(5);
    assertThat(published).isEqualTo(expected);
  }

  @Test
  void aSpanLargerThanTheLimitAloneIsAPartOfItsOwnMarkedOversized() throws Exception {
    Span small = span(randomId(16), randomId(8), null, "small").build();
    Span huge =
        span(randomId(16), randomId(8), null, "huge")
            .addAttributes(attribute("p", "x".repeat(5000)))
            .build();
    RequestLayout layout = scanner.scan(request("svc", small, huge, small).toByteArray(), 100);

    List<RequestLayout.Part> parts = layout.split(4096);

    assertThat(parts).extracting(RequestLayout.Part::oversized).containsExactly(false, true, false);
    assertThat(layout.name(parts.get(1).from())).isEqualTo("huge");
  }

  @Test
  void marksSpansThatMayBeOverTheLimits() throws Exception {
    Span.Builder many = span(randomId(16), randomId(8), null, "many");
    for (int i = 0; i < 9; i++) {
      many.addAttributes(attribute("a" + i, "v"));
    }
    Span longValue =
        span(randomId(16), randomId(8), null, "long")
            .addAttributes(attribute("p", "x".repeat(101)))
            .build();
    Span longInEvent =
        span(randomId(16), randomId(8), null, "event")
            .addEvents(Span.Event.newBuilder().addAttributes(attribute("p", "é".repeat(101))))
            .build();
    // 100 characters in 200 bytes: not over a limit counted in characters
    Span twoByteChars =
        span(randomId(16), randomId(8), null, "fits")
            .addAttributes(attribute("p", "é".repeat(100)))
            .build();
    Span longLinkAttribute =
        span(randomId(16), randomId(8), null, "links are not trimmed")
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(randomId(16))
                    .setSpanId(randomId(8))
                    .addAttributes(attribute("p", "x".repeat(500))))
            .build();

    RequestLayout layout =
        scanner.scan(
            request("svc", many.build(), longValue, longInEvent, twoByteChars, longLinkAttribute)
                .toByteArray(),
            100);

    assertThat(List.of(0, 1, 2, 3, 4))
        .map(layout::mayExceedLimits)
        .containsExactly(true, true, true, false, false);
  }

  @Test
  void refusesMoreSpansThanAllowedWith413() {
    byte[] body = OtlpRequests.traces("many", 3, 4).toByteArray();

    assertThatThrownBy(() -> scanner.scan(body, 11))
        .isInstanceOfSatisfying(
            BodyRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
              assertThat(e.getMessage()).contains("more than 11 spans");
            });
  }

  @Test
  void refusesInvalidUtf8AnywhereProtobufWould() {
    ExportTraceServiceRequest request =
        request("AAAA-service", span(randomId(16), randomId(8), null, "name").build());
    byte[] body = request.toByteArray();
    int at = new String(body, StandardCharsets.ISO_8859_1).indexOf("AAAA");
    body[at] = (byte) 0xC3;

    assertThatThrownBy(() -> ExportTraceServiceRequest.parseFrom(body))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> scanner.scan(body, 100))
        .isInstanceOfSatisfying(
            BodyRejectedException.class,
            e -> assertThat(e.getMessage()).contains("malformed protobuf body").contains("UTF-8"));
  }

  @Test
  void nestingIsLimitedExactlyAsProtobufLimitsIt() throws Exception {
    for (int depth = 80; depth <= 110; depth++) {
      Span span =
          span(randomId(16), randomId(8), null, "deep")
              .addAttributes(
                  KeyValue.newBuilder().setKey("d").setValue(OtlpRequests.nestedValue(depth)))
              .build();
      byte[] body = request("deep", span).toByteArray();
      assertSameVerdict(body, "nesting " + depth);
    }
  }

  @Test
  void everyTruncationAndEveryCorruptionGetsProtobufsVerdict() throws Exception {
    byte[] body = rich().toByteArray();
    for (int length = 0; length < body.length; length++) {
      assertSameVerdict(java.util.Arrays.copyOf(body, length), "truncated to " + length);
    }
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 3000; i++) {
      byte[] corrupt = body.clone();
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
      }
      assertSameVerdict(corrupt, "corruption " + i);
    }
  }

  @Test
  void fieldsWrittenInNonMinimalFormAreCopiedByteForByte() throws Exception {
    // resource_spans { resource {attributes {key: "k"}} (with a 2-byte tag) scope_spans {spans
    // {...}}}
    Span span = span(randomId(16), randomId(8), null, "s").build();
    byte[] resource =
        Resource.newBuilder().addAttributes(attribute("k", "v")).build().toByteArray();
    ByteArrayOutputStream rs = new ByteArrayOutputStream();
    rs.write(0x8A); // the tag of field 1, wire type 2, in two bytes instead of one
    rs.write(0x00);
    rs.write(resource.length);
    rs.write(resource);
    byte[] scope = ScopeSpans.newBuilder().addSpans(span).build().toByteArray();
    rs.write(0x12);
    rs.write(scope.length);
    rs.write(scope);
    byte[] content = rs.toByteArray();
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.write(0x0A);
    req.write(content.length);
    req.write(content);
    byte[] body = req.toByteArray();
    assertThat(content.length).isLessThan(128);
    assertThat(ExportTraceServiceRequest.parseFrom(body).getResourceSpans(0).getResource())
        .isEqualTo(Resource.parseFrom(resource));

    RequestLayout layout = scanner.scan(body, 10);
    layout.replace(0, span.toBuilder().setName("t").build().toByteArray());

    ExportTraceServiceRequest parsed = all(layout);
    assertThat(parsed.getResourceSpans(0).getResource().getAttributes(0).getKey()).isEqualTo("k");
    assertThat(parsed.getResourceSpans(0).getScopeSpans(0).getSpans(0).getName()).isEqualTo("t");
  }

  /** The scanner accepts exactly what protobuf's parser accepts, and finds the same spans. */
  private void assertSameVerdict(byte[] body, String what) throws Exception {
    ExportTraceServiceRequest parsed;
    try {
      parsed = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      parsed = null;
    }
    RequestLayout layout;
    try {
      layout = scanner.scan(body, Integer.MAX_VALUE);
    } catch (BodyRejectedException e) {
      assertThat(e.status()).as(what).isEqualTo(HttpStatus.BAD_REQUEST);
      layout = null;
    }
    assertThat(layout == null).as(what + ": refused by the scanner").isEqualTo(parsed == null);
    if (parsed != null) {
      int spans = 0;
      for (ResourceSpans rs : parsed.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          spans += ss.getSpansCount();
        }
      }
      assertThat(layout.spanCount()).as(what).isEqualTo(spans);
      // what would be published parses, and holds the same spans
      ExportTraceServiceRequest written = all(layout);
      List<Span> before = new ArrayList<>();
      List<Span> after = new ArrayList<>();
      parsed
          .getResourceSpansList()
          .forEach(r -> r.getScopeSpansList().forEach(s -> before.addAll(s.getSpansList())));
      written
          .getResourceSpansList()
          .forEach(r -> r.getScopeSpansList().forEach(s -> after.addAll(s.getSpansList())));
      assertThat(after).as(what).isEqualTo(before);
    }
  }
}
