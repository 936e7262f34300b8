package io.lumina.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Hand-made OTLP requests for tests and load generators: valid traces, and the invalid shapes. */
public final class OtlpRequests {
  private static final HexFormat HEX = HexFormat.of();

  private OtlpRequests() {}

  /** Random non-zero id bytes. */
  public static ByteString randomId(int bytes) {
    byte[] id = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(id);
    id[0] |= 1;
    return ByteString.copyFrom(id);
  }

  public static String hex(ByteString id) {
    return HEX.formatHex(id.toByteArray());
  }

  public static Span.Builder span(
      ByteString traceId, ByteString spanId, ByteString parentId, String name) {
    long start = 1_700_000_000_000_000_000L;
    return Span.newBuilder()
        .setTraceId(traceId)
        .setSpanId(spanId)
        .setParentSpanId(parentId == null ? ByteString.EMPTY : parentId)
        .setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(start + 1_000_000);
  }

  public static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  /** One resource ({@code service.name}) and scope holding the given spans. */
  public static ExportTraceServiceRequest request(String service, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder().addAttributes(attribute("service.name", service)))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.lumina.test"))
                        .addAllSpans(spans)))
        .build();
  }

  public static ExportTraceServiceRequest request(String service, Span... spans) {
    return request(service, List.of(spans));
  }

  /**
   * {@code traces} traces of {@code spansPerTrace} spans each (a root and its children), with GenAI
   * attributes.
   */
  public static ExportTraceServiceRequest traces(String service, int traces, int spansPerTrace) {
    List<Span> spans = new ArrayList<>(traces * spansPerTrace);
    for (int t = 0; t < traces; t++) {
      ByteString traceId = randomId(16);
      ByteString rootId = randomId(8);
      spans.add(
          span(traceId, rootId, null, "POST /chat")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .build());
      for (int s = 1; s < spansPerTrace; s++) {
        spans.add(
            span(traceId, randomId(8), rootId, "chat gpt-4o")
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .addAttributes(attribute("gen_ai.system", "openai"))
                .addAttributes(attribute("gen_ai.request.model", "gpt-4o"))
                .addAttributes(
                    KeyValue.newBuilder()
                        .setKey("gen_ai.usage.input_tokens")
                        .setValue(AnyValue.newBuilder().setIntValue(1200)))
                .addAttributes(
                    KeyValue.newBuilder()
                        .setKey("gen_ai.usage.output_tokens")
                        .setValue(AnyValue.newBuilder().setIntValue(300)))
                .addAttributes(
                    attribute("gen_ai.prompt", "Summarize the following text in one sentence."))
                .build());
      }
    }
    return request(service, spans);
  }

  /** An attribute value nested {@code depth} key-value lists deep. */
  public static AnyValue nestedValue(int depth) {
    AnyValue value = AnyValue.newBuilder().setStringValue("bottom").build();
    for (int i = 0; i < depth; i++) {
      value =
          AnyValue.newBuilder()
              .setKvlistValue(
                  KeyValueList.newBuilder()
                      .addValues(KeyValue.newBuilder().setKey("k").setValue(value)))
              .build();
    }
    return value;
  }

  /** OTLP JSON of one valid span whose attribute value nests {@code depth} key-value lists. */
  public static byte[] deeplyNestedJson(int depth) {
    StringBuilder value = new StringBuilder("{\"stringValue\":\"bottom\"}");
    for (int i = 0; i < depth; i++) {
      value.insert(0, "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":").append("}]}}");
    }
    return ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
            + hex(randomId(16))
            + "\",\"spanId\":\""
            + hex(randomId(8))
            + "\",\"name\":\"deep\",\"attributes\":[{\"key\":\"deep\",\"value\":"
            + value
            + "}]}]}]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
