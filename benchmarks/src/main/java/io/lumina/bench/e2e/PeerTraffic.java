package io.lumina.bench.e2e;

import com.google.protobuf.ByteString;
import io.lumina.testing.OtlpRequests;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The peer benchmark's traffic: one request of LLM traces (a root and four LLM-call children each,
 * prompts and completions of a few kilobytes) encoded twice, as OTLP protobuf and as the same spans
 * in Zipkin v2 JSON. Each request sent is a copy of the template with every trace and span id
 * replaced by fresh random ones, in place, so both servers see distinct spans (JetStream's
 * duplicate window would otherwise drop repeats) while the client spends microseconds, not an
 * encoding, per request.
 */
final class PeerTraffic {
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] protobuf;
  private final byte[] zipkin;

  /** Per id: its offsets in the protobuf template, then in the JSON template. */
  private final List<int[]> protobufOffsets = new ArrayList<>();

  private final List<int[]> zipkinOffsets = new ArrayList<>();
  private final List<Integer> idLengths = new ArrayList<>();
  private final int spans;

  PeerTraffic(int spans, long seed) {
    this.spans = spans;
    SplittableRandom random = new SplittableRandom(seed);
    ExportTraceServiceRequest request = request(random, spans);
    protobuf = request.toByteArray();
    Map<ByteString, Integer> ids = new LinkedHashMap<>();
    for (Span span : request.getResourceSpans(0).getScopeSpans(0).getSpansList()) {
      ids.putIfAbsent(span.getTraceId(), ids.size());
      ids.putIfAbsent(span.getSpanId(), ids.size());
    }
    zipkin = zipkinJson(request);
    for (ByteString id : ids.keySet()) {
      protobufOffsets.add(all(protobuf, id.toByteArray()));
      // Zipkin's trace id is the full 128-bit hex; span ids 64-bit hex
      zipkinOffsets.add(
          all(zipkin, HEX.formatHex(id.toByteArray()).getBytes(StandardCharsets.US_ASCII)));
      idLengths.add(id.size());
    }
  }

  int spansPerRequest() {
    return spans;
  }

  int protobufSize() {
    return protobuf.length;
  }

  int zipkinSize() {
    return zipkin.length;
  }

  /** A fresh OTLP protobuf request: the template with new ids. */
  byte[] nextProtobuf(SplittableRandom random) {
    byte[] out = protobuf.clone();
    byte[] id = new byte[16];
    for (int i = 0; i < idLengths.size(); i++) {
      fresh(random, id, idLengths.get(i));
      for (int at : protobufOffsets.get(i)) {
        System.arraycopy(id, 0, out, at, idLengths.get(i));
      }
    }
    return out;
  }

  /** The same, as Zipkin v2 JSON. */
  byte[] nextZipkin(SplittableRandom random) {
    byte[] out = zipkin.clone();
    byte[] id = new byte[16];
    for (int i = 0; i < idLengths.size(); i++) {
      int length = idLengths.get(i);
      fresh(random, id, length);
      byte[] hex = HEX.formatHex(id, 0, length).getBytes(StandardCharsets.US_ASCII);
      for (int at : zipkinOffsets.get(i)) {
        System.arraycopy(hex, 0, out, at, hex.length);
      }
    }
    return out;
  }

  private static void fresh(SplittableRandom random, byte[] id, int length) {
    for (int i = 0; i < length; i++) {
      id[i] = (byte) random.nextInt(256);
    }
    id[0] |= 1; // never all zero
  }

  private static int[] all(byte[] haystack, byte[] needle) {
    List<Integer> found = new ArrayList<>();
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      found.add(i);
    }
    if (found.isEmpty()) {
      throw new IllegalStateException("an id of the template is not in its encoding");
    }
    return found.stream().mapToInt(Integer::intValue).toArray();
  }

  static ExportTraceServiceRequest request(SplittableRandom random, int spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    ByteString trace = null;
    ByteString root = null;
    long start = 1_764_000_000_000_000_000L;
    String prompt =
        "You are a support assistant. Summarize the customer's last three tickets, naming the "
                .repeat(30)
            + "product and the resolution of each.";
    String completion =
        "The customer reported a billing error on the Pro plan (refunded), a sync failure in the "
            .repeat(18);
    for (int i = 0; i < spans; i++) {
      ByteString id = id(random, 8);
      Span.Builder span =
          Span.newBuilder()
              .setSpanId(id)
              .setStartTimeUnixNano(start + i * 1_000_000L)
              .setEndTimeUnixNano(start + i * 1_000_000L + 250_000_000L);
      if (i % 5 == 0) {
        trace = id(random, 16);
        root = id;
        span.setTraceId(trace).setName("POST /chat").setKind(Span.SpanKind.SPAN_KIND_SERVER);
      } else {
        span.setTraceId(trace)
            .setParentSpanId(root)
            .setName("chat gpt-4o")
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .addAttributes(OtlpRequests.attribute("gen_ai.system", "openai"))
            .addAttributes(OtlpRequests.attribute("gen_ai.request.model", "gpt-4o-2024-08-06"))
            .addAttributes(
                OtlpRequests.attribute("gen_ai.usage.input_tokens", Integer.toString(1200 + i)))
            .addAttributes(
                OtlpRequests.attribute("gen_ai.usage.output_tokens", Integer.toString(300 + i)))
            .addAttributes(OtlpRequests.attribute("gen_ai.prompt", prompt))
            .addAttributes(OtlpRequests.attribute("gen_ai.completion", completion));
      }
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(OtlpRequests.attribute("service.name", "bench-chat")))
                .addScopeSpans(scope))
        .build();
  }

  /**
   * Zipkin v2 JSON of the same spans: attributes as tags (all strings here, so nothing is lost).
   */
  static byte[] zipkinJson(ExportTraceServiceRequest request) {
    StringBuilder out = new StringBuilder(request.getSerializedSize() + 4096).append('[');
    List<Span> spans = request.getResourceSpans(0).getScopeSpans(0).getSpansList();
    for (int i = 0; i < spans.size(); i++) {
      Span span = spans.get(i);
      out.append(i > 0 ? "," : "")
          .append("{\"traceId\":\"")
          .append(HEX.formatHex(span.getTraceId().toByteArray()))
          .append("\",\"id\":\"")
          .append(HEX.formatHex(span.getSpanId().toByteArray()))
          .append('"');
      if (!span.getParentSpanId().isEmpty()) {
        out.append(",\"parentId\":\"")
            .append(HEX.formatHex(span.getParentSpanId().toByteArray()))
            .append('"');
      }
      out.append(",\"kind\":\"")
          .append(span.getKind() == Span.SpanKind.SPAN_KIND_SERVER ? "SERVER" : "CLIENT")
          .append("\",\"name\":\"")
          .append(span.getName())
          .append("\",\"timestamp\":")
          .append(span.getStartTimeUnixNano() / 1000)
          .append(",\"duration\":")
          .append((span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1000)
          .append(",\"localEndpoint\":{\"serviceName\":\"bench-chat\"},\"tags\":{");
      for (int a = 0; a < span.getAttributesCount(); a++) {
        KeyValue kv = span.getAttributes(a);
        // the generated values hold no character JSON must escape
        out.append(a > 0 ? "," : "")
            .append('"')
            .append(kv.getKey())
            .append("\":\"")
            .append(kv.getValue().getStringValue())
            .append('"');
      }
      out.append("}}");
    }
    return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ByteString id(SplittableRandom random, int bytes) {
    byte[] id = new byte[bytes];
    random.nextBytes(id);
    id[0] |= 1;
    return ByteString.copyFrom(id);
  }
}
