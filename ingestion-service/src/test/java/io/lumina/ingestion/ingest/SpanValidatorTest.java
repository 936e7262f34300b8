package io.lumina.ingestion.ingest;

import static io.lumina.testing.OtlpRequests.attribute;
import static io.lumina.testing.OtlpRequests.randomId;
import static io.lumina.testing.OtlpRequests.request;
import static io.lumina.testing.OtlpRequests.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lumina.ingestion.web.BodyRejectedException;
import io.lumina.ingestion.web.InFlightBudget;
import io.lumina.ingestion.wire.RequestLayout;
import io.lumina.testing.OtlpRequests;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class SpanValidatorTest {
  private final SpanValidator validator = new SpanValidator(new SpanLimits(4, 10));
  private final InFlightBudget.Lease lease = new InFlightBudget(Long.MAX_VALUE).admit(0);

  SpanValidatorTest() throws BodyRejectedException {}

  private SpanValidator.Result validate(SpanValidator validator, ExportTraceServiceRequest request)
      throws BodyRejectedException {
    return validator.validate(request.toByteArray(), Integer.MAX_VALUE, lease);
  }

  /** What would be published: the kept spans, re-encoded where they changed. */
  private static ExportTraceServiceRequest valid(SpanValidator.Result result) throws Exception {
    RequestLayout layout = result.layout();
    return ExportTraceServiceRequest.parseFrom(
        layout.encode(new RequestLayout.Part(0, layout.spanCount(), 0, false)));
  }

  @Test
  void anUntouchedRequestKeepsItsReceivedBytes() throws Exception {
    ExportTraceServiceRequest request = OtlpRequests.traces("svc", 3, 3);
    byte[] body = request.toByteArray();

    SpanValidator.Result result =
        new SpanValidator(new SpanLimits(128, 4096)).validate(body, Integer.MAX_VALUE, lease);

    assertThat(result.layout().body()).isSameAs(body);
    assertThat(result.changed()).isFalse();
    assertThat(valid(result)).isEqualTo(request);
    assertThat(result.acceptedSpans()).isEqualTo(9);
    assertThat(result.rejectedSpans()).isZero();
    assertThat(result.newTraces()).isEqualTo(3);
    assertThat(result.message()).isNull();
  }

  @Test
  void rejectsEachInvalidShapeAndNamesIt() throws Exception {
    ByteString trace = randomId(16);
    Span good = span(trace, randomId(8), null, "good").build();
    ExportTraceServiceRequest request =
        request(
            "svc",
            good,
            span(ByteString.copyFrom(new byte[16]), randomId(8), null, "zero-trace").build(),
            span(randomId(8), randomId(8), null, "short-trace").build(),
            span(trace, ByteString.copyFrom(new byte[8]), null, "zero-span").build(),
            span(trace, randomId(4), null, "short-span").build(),
            span(trace, randomId(8), null, "backwards")
                .setStartTimeUnixNano(2000)
                .setEndTimeUnixNano(1000)
                .build());

    SpanValidator.Result result = validate(validator, request);

    assertThat(result.acceptedSpans()).isEqualTo(1);
    assertThat(result.rejectedSpans()).isEqualTo(5);
    assertThat(result.rejected())
        .containsEntry(Rejection.INVALID_TRACE_ID, 2)
        .containsEntry(Rejection.INVALID_SPAN_ID, 2)
        .containsEntry(Rejection.END_BEFORE_START, 1);
    assertThat(valid(result).getResourceSpans(0).getScopeSpans(0).getSpansList())
        .containsExactly(good);
    assertThat(result.message())
        .startsWith("rejected 5 of 6 spans: ")
        .contains(
            "2 with trace id not 16 bytes or all zero (first: span 'zero-trace' has a 16-byte trace id of zeros)")
        .contains(
            "2 with span id not 8 bytes or all zero (first: span 'zero-span' has a 8-byte span id of zeros)")
        .contains(
            "1 with end time before start time (first: span 'backwards' ends 1000 before it starts 2000)");
  }

  @Test
  void aRequestWithOnlyInvalidSpansKeepsNothing() throws Exception {
    SpanValidator.Result result =
        validate(validator, request("svc", span(ByteString.EMPTY, randomId(8), null, "x").build()));

    assertThat(result.acceptedSpans()).isZero();
    assertThat(valid(result).getResourceSpansCount()).isZero();
  }

  @Test
  void trimsAttributesOverTheLimitsInsteadOfDroppingTheSpan() throws Exception {
    Span.Builder span = span(randomId(16), randomId(8), null, "big");
    for (int i = 0; i < 6; i++) {
      span.addAttributes(attribute("a" + i, "v"));
    }
    span.setAttributes(0, attribute("a0", "0123456789abcdef"));
    span.setAttributes(
        1,
        KeyValue.newBuilder()
            .setKey("arr")
            .setValue(
                AnyValue.newBuilder()
                    .setArrayValue(
                        ArrayValue.newBuilder()
                            .addValues(AnyValue.newBuilder().setStringValue("short"))
                            .addValues(
                                AnyValue.newBuilder().setStringValue("way too long for ten"))))
            .build());
    span.setAttributes(2, attribute("emoji", "123456789🙂"));
    span.addEvents(
        Span.Event.newBuilder().setName("e").addAttributes(attribute("m", "x".repeat(50))));

    SpanValidator.Result result = validate(validator, request("svc", span.build()));

    Span out = valid(result).getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(result.changed()).isTrue();
    assertThat(result.acceptedSpans()).isEqualTo(1);
    assertThat(out.getAttributesCount()).isEqualTo(4);
    assertThat(out.getDroppedAttributesCount()).isEqualTo(2);
    assertThat(out.getAttributes(0).getValue().getStringValue()).isEqualTo("0123456789");
    assertThat(out.getAttributes(1).getValue().getArrayValue().getValues(0).getStringValue())
        .isEqualTo("short");
    assertThat(out.getAttributes(1).getValue().getArrayValue().getValues(1).getStringValue())
        .isEqualTo("way too lo");
    assertThat(out.getAttributes(2).getValue().getStringValue())
        .isEqualTo("123456789"); // no half surrogate pair
    assertThat(out.getEvents(0).getAttributes(0).getValue().getStringValue()).hasSize(10);
    assertThat(result.truncatedValues()).isEqualTo(4);
    assertThat(result.message())
        .isEqualTo(
            "truncated 4 attribute values to 10 characters. dropped 2 attributes over the limit of 4 per span");
  }

  @Test
  void countsEachTraceOnceByItsLocalRoot() throws Exception {
    ByteString trace = randomId(16);
    ByteString root = randomId(8);
    ByteString remoteRootTrace = randomId(16);
    ExportTraceServiceRequest request =
        request(
            "svc",
            span(trace, root, null, "root").build(),
            span(trace, randomId(8), root, "child").build(),
            span(randomId(16), randomId(8), randomId(8), "child of a trace seen in another request")
                .build(),
            span(remoteRootTrace, randomId(8), randomId(8), "entry with a remote parent")
                .setFlags(0x301)
                .build());

    assertThat(validate(validator, request).newTraces()).isEqualTo(2);
  }
}
